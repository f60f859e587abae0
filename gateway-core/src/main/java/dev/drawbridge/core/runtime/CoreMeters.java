package dev.drawbridge.core.runtime;

/** Names of gateway-core's meters, all under the {@code drawbridge.} prefix. */
public final class CoreMeters {

  /** Gauge: sessions open on a listener; tag {@code listener}. */
  public static final String LISTENER_SESSIONS = "drawbridge.listener.sessions";

  /**
   * Counter: authentication attempts; tags {@code result} (accepted, rejected) and {@code method}.
   */
  public static final String AUTH_ATTEMPTS = "drawbridge.auth.attempts";

  /** Timer: how long authentication took, including any JWKS fetch; tag {@code result}. */
  public static final String AUTH_DURATION = "drawbridge.auth.duration";

  private CoreMeters() {}
}
