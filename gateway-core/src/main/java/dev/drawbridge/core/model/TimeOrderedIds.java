package dev.drawbridge.core.model;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter and 62 random bits. The
 * counter makes ids from one process strictly increasing even within a millisecond, so they are
 * unique within it whatever the random bits; those only set apart ids of different processes (two
 * replicas minting in the same millisecond), which takes uniqueness, not secrecy: an id is a name,
 * never a credential. They come from {@link ThreadLocalRandom}, without the lock and the reads of
 * {@code /dev/urandom} that a {@code SecureRandom} costs every event on the gateway's event loops.
 */
public final class TimeOrderedIds {

  private static final AtomicLong LAST = new AtomicLong();

  private TimeOrderedIds() {}

  public static UUID next() {
    long now = System.currentTimeMillis() << 12;
    long stamp = LAST.updateAndGet(last -> Math.max(last + 1, now));
    long millis = stamp >>> 12;
    long counter = stamp & 0xFFF;
    long msb = (millis << 16) | 0x7000L | counter;
    long lsb =
        (ThreadLocalRandom.current().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }

  /** The Unix milliseconds a UUIDv7 was minted at. */
  public static long millisOf(UUID id) {
    if (id.version() != 7) {
      throw new IllegalArgumentException("not a UUIDv7: " + id);
    }
    return id.getMostSignificantBits() >>> 16;
  }
}
