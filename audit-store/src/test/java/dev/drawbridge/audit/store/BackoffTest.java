package dev.drawbridge.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void eachWaitDoublesUpToTheCap() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30));
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      waits.add(backoff.next().toMillis());
    }
    assertThat(waits)
        .containsExactly(
            100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 12800L, 25600L, 30000L, 30000L, 30000L);
  }

  @Test
  void aSuccessStartsOverFromTheFirstWait() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30));
    backoff.next();
    backoff.next();
    backoff.next();
    backoff.reset();
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void aCapBelowTheFirstWaitIsRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
