package dev.drawbridge.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShippingLagTest {

  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  @Test
  void nothingWaitingIsNoLag() {
    assertThat(new ShippingLag().behind(NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void theOldestRecordWaitingAcrossSegmentsSetsTheLag() {
    ShippingLag lag = new ShippingLag();
    lag.shipping(1, NOW.minusSeconds(3));
    lag.shipping(2, NOW.minusSeconds(7));
    assertThat(lag.behind(NOW)).isEqualTo(Duration.ofSeconds(7));

    lag.shipped(2);
    assertThat(lag.behind(NOW)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void theNextBatchOfASegmentReplacesItsOldest() {
    ShippingLag lag = new ShippingLag();
    lag.shipping(1, NOW.minusSeconds(30));
    lag.shipping(1, NOW.minusSeconds(2));
    assertThat(lag.behind(NOW)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void segmentsNoLongerPendingAreForgotten() {
    ShippingLag lag = new ShippingLag();
    lag.shipping(1, NOW.minusSeconds(30));
    lag.shipping(2, NOW.minusSeconds(1));
    lag.retain(List.of(2L));
    assertThat(lag.behind(NOW)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aRecordFromTheFutureIsNoLag() {
    ShippingLag lag = new ShippingLag();
    lag.shipping(1, NOW.plusSeconds(5));
    assertThat(lag.behind(NOW)).isEqualTo(Duration.ZERO);
  }
}
