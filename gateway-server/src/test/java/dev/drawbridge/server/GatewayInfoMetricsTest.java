package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayInfoMetricsTest {

  @Test
  void grantsAreCountedActiveOrExpiredAsOfTheClock() {
    DrawbridgeConfig config =
        new DrawbridgeConfig(
            null,
            null,
            null,
            null,
            null,
            List.of(
                grant("lapsed", LocalDate.of(2026, 1, 31)),
                grant("today", LocalDate.of(2026, 11, 24)),
                grant("later", LocalDate.of(2027, 3, 31)),
                grant("forever", null)),
            null,
            null);
    Clock clock = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    new GatewayInfoMetrics(config, "1.2.3", clock).bindTo(registry);

    assertThat(registry.get("drawbridge.grants").tag("state", "active").gauge().value())
        .isEqualTo(3);
    assertThat(registry.get("drawbridge.grants").tag("state", "expired").gauge().value())
        .isEqualTo(1);
    assertThat(registry.get("drawbridge.build.info").tag("version", "1.2.3").gauge().value())
        .isEqualTo(1);
  }

  private static GrantConfig grant(String id, LocalDate expires) {
    return new GrantConfig(
        id,
        new SubjectConfig("bot", null),
        "db",
        List.of(new RuleConfig(List.of("read"), List.of("public.t"), null)),
        null,
        null,
        null,
        "owner@example.com",
        "test",
        expires);
  }
}
