package dev.drawbridge.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.testing.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippingMetersTest {

  @TempDir Path dir;

  @Test
  void theMetersHaveTheDocumentedPrometheusNamesAndGoAwayWhenUnbound() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
    ShippingLag lag = new ShippingLag();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Journal journal =
        Journal.open(new Journal.Options(dir, 1 << 20, 1 << 24, Duration.ofMillis(20), 1))) {
      journal.append("{\"v\":1}".getBytes(StandardCharsets.UTF_8));
      ShippingMeters meters = new ShippingMeters(journal, lag, clock);
      meters.bindTo(registry);
      lag.shipping(1, clock.instant().minusMillis(2500));
      meters.shipped(7);
      meters.failed();

      String scrape = registry.scrape();

      long frame = 8 + 7;
      assertThat(scrape)
          .contains("drawbridge_audit_journal_bytes " + (double) (8 + frame))
          .contains("drawbridge_audit_queue_depth " + (double) frame)
          .contains("drawbridge_audit_shipping_lag_seconds 2.5")
          .contains("drawbridge_audit_events_shipped_total 7.0")
          .contains("drawbridge_audit_shipping_failures_total 1.0");

      meters.unbind();
      assertThat(registry.getMeters()).isEmpty();
    }
  }
}
