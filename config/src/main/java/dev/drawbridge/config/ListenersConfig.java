package dev.drawbridge.config;

import java.util.Optional;

/** The agent-facing listeners; each is off when its section is absent. */
public record ListenersConfig(
    PostgresListenerConfig postgres, HttpListenerConfig http, SshListenerConfig ssh) {

  public static final ListenersConfig NONE = new ListenersConfig(null, null, null);

  public Optional<PostgresListenerConfig> postgresListener() {
    return Optional.ofNullable(postgres);
  }

  public Optional<HttpListenerConfig> httpListener() {
    return Optional.ofNullable(http);
  }

  public Optional<SshListenerConfig> sshListener() {
    return Optional.ofNullable(ssh);
  }
}
