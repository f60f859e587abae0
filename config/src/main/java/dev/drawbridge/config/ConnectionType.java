package dev.drawbridge.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The protocol a connection speaks. */
public enum ConnectionType {
  POSTGRES,
  HTTP,
  SSH;

  @JsonValue
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static ConnectionType fromConfigName(String name) {
    for (ConnectionType type : values()) {
      if (type.configName().equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown connection type '" + name + "' (expected postgres, http or ssh)");
  }
}
