package dev.drawbridge.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

  @Test
  void idsAreVersion7AndStrictlyIncreasingWithinOneMillisecond() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(TimeOrderedIds.next());
    }
    for (int i = 1; i < ids.size(); i++) {
      assertThat(ids.get(i).version()).isEqualTo(7);
      assertThat(ids.get(i).variant()).isEqualTo(2);
      assertThat(ids.get(i).toString()).isGreaterThan(ids.get(i - 1).toString());
    }
  }

  @Test
  void theTimestampIsTheMintingTime() {
    long before = System.currentTimeMillis();
    UUID id = TimeOrderedIds.next();
    long after = System.currentTimeMillis();
    assertThat(TimeOrderedIds.millisOf(id)).isBetween(before, after + 5);
    assertThatThrownBy(() -> TimeOrderedIds.millisOf(UUID.randomUUID()))
        .hasMessageContaining("not a UUIDv7");
  }
}
