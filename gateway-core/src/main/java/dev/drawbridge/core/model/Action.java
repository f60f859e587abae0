package dev.drawbridge.core.model;

import java.util.Locale;
import java.util.Optional;

/** The closed set of actions grants speak in. Protocol detail stays in the operation's verb. */
public enum Action {
  /** Opening a session to a connection. */
  CONNECT,
  /** Reading data. */
  READ,
  /** Changing data. */
  WRITE,
  /** Changing schema. */
  DDL,
  /** Administering the system: roles, settings, server files, other sessions. */
  ADMIN,
  /** Running code: functions, procedures, commands. */
  EXECUTE,
  /** Transaction control and harmless session settings. */
  SESSION,
  /** Anything the gateway could not classify with certainty; allowed only where named. */
  UNKNOWN;

  /** The lowercase name used in configuration, audit records and messages. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Action> fromConfigName(String name) {
    for (Action action : values()) {
      if (action.configName().equals(name)) {
        return Optional.of(action);
      }
    }
    return Optional.empty();
  }
}
