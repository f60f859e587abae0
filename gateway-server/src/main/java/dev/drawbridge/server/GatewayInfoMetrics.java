package dev.drawbridge.server;

import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.GrantConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.LocalDate;

/**
 * What the daemon runs: {@code drawbridge.build.info{version}} (always 1), {@code
 * drawbridge.connections}, and {@code drawbridge.grants{state}} with the configured grants split
 * into active and expired as of now, so an alert can fire the day a grant lapses.
 */
final class GatewayInfoMetrics implements MeterBinder {

  static final String BUILD_INFO = "drawbridge.build.info";
  static final String CONNECTIONS = "drawbridge.connections";
  static final String GRANTS = "drawbridge.grants";

  private final DrawbridgeConfig config;
  private final String version;
  private final Clock clock;

  GatewayInfoMetrics(DrawbridgeConfig config, String version, Clock clock) {
    this.config = config;
    this.version = version;
    this.clock = clock;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder(BUILD_INFO, () -> 1)
        .description("The running build; the value is always 1")
        .tag("version", version)
        .tag("java", Runtime.version().toString())
        .register(registry);
    Gauge.builder(CONNECTIONS, config.connections()::size)
        .description("Configured connections")
        .register(registry);
    Gauge.builder(GRANTS, () -> countGrants(false))
        .description("Configured grants by state as of now")
        .tag("state", "active")
        .register(registry);
    Gauge.builder(GRANTS, () -> countGrants(true))
        .description("Configured grants by state as of now")
        .tag("state", "expired")
        .register(registry);
  }

  private long countGrants(boolean expired) {
    LocalDate today = LocalDate.now(clock);
    return config.grants().stream().filter(g -> isExpired(g, today) == expired).count();
  }

  private static boolean isExpired(GrantConfig grant, LocalDate today) {
    return grant.expires() != null && grant.expires().isBefore(today);
  }
}
