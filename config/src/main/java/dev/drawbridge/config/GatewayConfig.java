package dev.drawbridge.config;

import java.time.Duration;

/**
 * Settings of the gateway process itself.
 *
 * @param name the name this gateway reports in metrics and audit records
 * @param shutdownTimeout how long a graceful shutdown waits for sessions to drain
 * @param maskingKey the key of the {@code hash} masking strategy (an HMAC key, at least 32 bytes);
 *     required when a masking rule uses {@code hash}, so hashed values stay the same across
 *     restarts and replicas
 * @param ioThreads how many event loops run sessions; null for one per processor the JVM sees
 *     (which follows a container's CPU limit)
 */
public record GatewayConfig(
    String name, Duration shutdownTimeout, Secret maskingKey, Integer ioThreads) {

  /** The most event loops a gateway takes. */
  public static final int MAX_IO_THREADS = 256;

  public static final GatewayConfig DEFAULT = new GatewayConfig(null, null, null, null);

  public GatewayConfig(String name, Duration shutdownTimeout) {
    this(name, shutdownTimeout, null, null);
  }

  public GatewayConfig {
    name = name == null || name.isBlank() ? "drawbridge" : name;
    shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(30) : shutdownTimeout;
  }

  /** The event loops to run: {@code ioThreads}, or one per available processor. */
  public int eventLoops() {
    return ioThreads != null ? ioThreads : Runtime.getRuntime().availableProcessors();
  }
}
