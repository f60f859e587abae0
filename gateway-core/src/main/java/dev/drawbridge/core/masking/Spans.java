package dev.drawbridge.core.masking;

/**
 * A match's bounds packed into one {@code long} (start in the high half, end in the low half), so
 * that looking for a match allocates nothing.
 */
final class Spans {

  /** No match. */
  static final long NONE = -1L;

  private Spans() {}

  static long of(int start, int end) {
    return ((long) start << 32) | (end & 0xFFFF_FFFFL);
  }

  /** The first character of the match. */
  static int start(long span) {
    return (int) (span >>> 32);
  }

  /** One past the last character of the match. */
  static int end(long span) {
    return (int) span;
  }
}
