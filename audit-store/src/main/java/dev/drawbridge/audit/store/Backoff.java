package dev.drawbridge.audit.store;

import java.time.Duration;

/** Exponential backoff: each wait twice the last, from {@code first} up to {@code cap}. */
final class Backoff {

  private final Duration first;
  private final Duration cap;
  private Duration next;

  Backoff(Duration first, Duration cap) {
    if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
      throw new IllegalArgumentException("a backoff goes from a positive first wait up to its cap");
    }
    this.first = first;
    this.cap = cap;
    this.next = first;
  }

  /** The wait before the next attempt; the one after it is twice as long, up to the cap. */
  Duration next() {
    Duration wait = next;
    next = next.multipliedBy(2).compareTo(cap) > 0 ? cap : next.multipliedBy(2);
    return wait;
  }

  /** After a success: the next failure waits {@code first} again. */
  void reset() {
    next = first;
  }
}
