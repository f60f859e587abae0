package dev.drawbridge.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How the gateway secures its connection to an upstream, in libpq's terms. */
public enum UpstreamTlsMode {
  DISABLE("disable"),
  PREFER("prefer"),
  REQUIRE("require"),
  VERIFY_FULL("verify-full");

  private final String configName;

  UpstreamTlsMode(String configName) {
    this.configName = configName;
  }

  @JsonValue
  public String configName() {
    return configName;
  }

  @JsonCreator
  public static UpstreamTlsMode fromConfigName(String name) {
    for (UpstreamTlsMode mode : values()) {
      if (mode.configName.equals(name)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "unknown tls mode '" + name + "' (expected disable, prefer, require or verify-full)");
  }
}
