package dev.drawbridge.config;

import java.time.Duration;

/**
 * Settings of the gateway process itself.
 *
 * @param name the name this gateway reports in metrics and audit records
 * @param shutdownTimeout how long a graceful shutdown waits for sessions to drain
 */
public record GatewayConfig(String name, Duration shutdownTimeout) {

  public static final GatewayConfig DEFAULT = new GatewayConfig(null, null);

  public GatewayConfig {
    name = name == null || name.isBlank() ? "drawbridge" : name;
    shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(30) : shutdownTimeout;
  }
}
