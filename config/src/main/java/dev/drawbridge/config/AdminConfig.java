package dev.drawbridge.config;

/**
 * The admin listener: health, readiness and metrics over HTTP. Bind it to loopback or a private
 * network; it is not meant for agents.
 *
 * @param bind where it listens; {@code 127.0.0.1:8081} when the section is present without it
 */
public record AdminConfig(BindAddress bind) {

  /** Where the admin listener binds when {@code admin} is present without {@code bind}. */
  public static final BindAddress DEFAULT_BIND = new BindAddress("127.0.0.1", 8081);

  public AdminConfig {
    bind = bind == null ? DEFAULT_BIND : bind;
  }
}
