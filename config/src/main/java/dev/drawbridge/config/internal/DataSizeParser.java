package dev.drawbridge.config.internal;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads sizes as people write them in configuration files: a whole number of bytes ({@code 10000}),
 * or one with a unit ({@code 8kB}, {@code 64 MB}, {@code 1GiB}). As in PostgreSQL, {@code k},
 * {@code M} and {@code G} count in powers of 1024, whichever spelling is used.
 */
public final class DataSizeParser {

  /** Said in every message about a malformed size. */
  public static final String EXPECTED = "a size such as 10000 (bytes), 8kB, 64MB or 1GiB";

  private static final long KIB = 1024;
  private static final long MIB = KIB * 1024;
  private static final long GIB = MIB * 1024;

  /** Units are case-sensitive, as in PostgreSQL: {@code mb} could as well mean millibits. */
  private static final Map<String, Long> UNITS =
      Map.of(
          "", 1L, "B", 1L, "kB", KIB, "KB", KIB, "KiB", KIB, "MB", MIB, "MiB", MIB, "GB", GIB,
          "GiB", GIB);

  private static final Pattern SIZE = Pattern.compile("(-?)(\\d+)[ \\t]*([A-Za-z]*)");

  private DataSizeParser() {}

  /** What {@link #parse} makes of a text: a number of bytes, or why it is not one. */
  public sealed interface Result {

    /** A valid size. */
    record Bytes(long value) implements Result {}

    /**
     * Not a size.
     *
     * @param reason why, without the text itself (it may have come from a secret reference)
     */
    record Invalid(String reason) implements Result {}
  }

  /** The number of bytes {@code text} stands for, or why it stands for none. */
  public static Result parse(String text) {
    Matcher m = SIZE.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      return new Result.Invalid("expected " + EXPECTED);
    }
    if (!m.group(1).isEmpty()) {
      return new Result.Invalid("a size must not be negative");
    }
    Long unit = UNITS.get(m.group(3));
    if (unit == null) {
      return new Result.Invalid(
          "the unit must be one of B, kB, MB, GB, KiB, MiB or GiB (k means 1024, as in"
              + " PostgreSQL)");
    }
    try {
      return new Result.Bytes(Math.multiplyExact(Long.parseLong(m.group(2)), unit));
    } catch (NumberFormatException | ArithmeticException e) {
      return new Result.Invalid("the size is too large (more than 2^63-1 bytes)");
    }
  }

  /**
   * {@code bytes} in the largest unit that divides it exactly: {@code 64MiB}, {@code 8KiB}, {@code
   * 10000B}.
   */
  public static String format(long bytes) {
    if (bytes != 0 && bytes % GIB == 0) {
      return bytes / GIB + "GiB";
    }
    if (bytes != 0 && bytes % MIB == 0) {
      return bytes / MIB + "MiB";
    }
    if (bytes != 0 && bytes % KIB == 0) {
      return bytes / KIB + "KiB";
    }
    return bytes + "B";
  }
}
