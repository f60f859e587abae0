package dev.drawbridge.core.masking;

/**
 * Finds one detector's matches in a text value, left to right, in linear time and without
 * allocating when there is none.
 */
interface Finder {

  /**
   * The first match that starts at or after {@code from}, as {@link Spans} bounds, or {@link
   * Spans#NONE}. A match is never empty.
   *
   * @param from {@code 0}, or the end of this finder's previous match in the same value
   */
  long find(String value, int from);
}
