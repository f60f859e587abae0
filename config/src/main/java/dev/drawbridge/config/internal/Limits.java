package dev.drawbridge.config.internal;

import dev.drawbridge.config.DataSize;
import java.time.Duration;
import java.util.List;

/** Range checks on sizes and timeouts, with messages written in the file's own units. */
final class Limits {

  private record Unit(String symbol, long millis) {}

  private static final List<Unit> UNITS =
      List.of(
          new Unit("d", 86_400_000),
          new Unit("h", 3_600_000),
          new Unit("m", 60_000),
          new Unit("s", 1_000));

  /** Beyond this, a duration in milliseconds no longer fits in a {@code long}. */
  private static final long MAX_MILLIS_SECONDS = Long.MAX_VALUE / 1_000 - 1;

  private Limits() {}

  /** Reports {@code size} unless it is within {@code min..max}, both inclusive. */
  static void between(
      DataSize size, DataSize min, DataSize max, String path, ValidationContext context) {
    if (size.compareTo(min) < 0 || size.compareTo(max) > 0) {
      context.error(
          path,
          "must be between "
              + min
              + " and "
              + max
              + ", got "
              + context.echo().plain(path, size.toString()));
    }
  }

  /** Reports a timeout that is zero (or negative) or longer than {@code max}. */
  static void positiveAtMost(
      Duration timeout, Duration max, String path, ValidationContext context) {
    if (timeout.isZero() || timeout.isNegative()) {
      context.error(path, "must be greater than zero");
    } else if (timeout.compareTo(max) > 0) {
      context.error(
          path,
          "must be at most "
              + format(max)
              + ", got "
              + context.echo().plain(path, format(timeout)));
    }
  }

  /** A duration as the file writes it: {@code 5m}, {@code 10s}, {@code 1500ms}, else ISO-8601. */
  static String format(Duration duration) {
    if (duration.isNegative()
        || duration.getNano() % 1_000_000 != 0
        || duration.getSeconds() > MAX_MILLIS_SECONDS) {
      return duration.toString();
    }
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0s";
    }
    for (Unit unit : UNITS) {
      if (millis % unit.millis() == 0) {
        return millis / unit.millis() + unit.symbol();
      }
    }
    return millis + "ms";
  }
}
