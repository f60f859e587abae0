package dev.drawbridge.audit.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * How far shipping is behind: for each segment, the time of the oldest record of the batch read
 * from it and not yet in the database (a batch that waits for the database to come back, say).
 * Written by the shipper's thread, read by the gauge.
 */
final class ShippingLag {

  private final Map<Long, Instant> oldest = new ConcurrentSkipListMap<>();

  /** A batch of {@code segment} whose oldest record is from {@code time} is being shipped. */
  void shipping(long segment, Instant time) {
    oldest.put(segment, time);
  }

  /** The batch of {@code segment} is in the database. */
  void shipped(long segment) {
    oldest.remove(segment);
  }

  /** Forgets segments that no longer have anything to ship. */
  void retain(Collection<Long> pending) {
    oldest.keySet().retainAll(pending);
  }

  /** How long the oldest record not yet shipped has waited, or zero when none waits. */
  Duration behind(Instant now) {
    Instant first = null;
    for (Instant time : oldest.values()) {
      if (first == null || time.isBefore(first)) {
        first = time;
      }
    }
    if (first == null || first.isAfter(now)) {
      return Duration.ZERO;
    }
    return Duration.between(first, now);
  }
}
