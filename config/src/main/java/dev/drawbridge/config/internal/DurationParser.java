package dev.drawbridge.config.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as people write them in configuration files: {@code 500ms}, {@code 30s}, {@code
 * 5m}, {@code 1h}, {@code 2d}, or ISO-8601 ({@code PT30S}). Negative durations are not accepted.
 */
public final class DurationParser {

  /** Said in every message about a malformed duration. */
  public static final String EXPECTED = "a duration such as 500ms, 30s, 5m, 1h, 2d or PT30S";

  private static final Pattern SHORT = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

  private DurationParser() {}

  /** The duration, or empty when the text is not one (or is negative). */
  public static Optional<Duration> parse(String text) {
    String trimmed = text.strip();
    Matcher m = SHORT.matcher(trimmed);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return Optional.of(
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          });
    }
    if (trimmed.length() > 1 && (trimmed.charAt(0) == 'P' || trimmed.charAt(0) == 'p')) {
      try {
        Duration parsed = Duration.parse(trimmed);
        return parsed.isNegative() ? Optional.empty() : Optional.of(parsed);
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
