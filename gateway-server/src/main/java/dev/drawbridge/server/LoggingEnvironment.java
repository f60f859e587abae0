package dev.drawbridge.server;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the environment variables that configure logging before Logback reads them: Logback would
 * silently drop every log line for an unknown format and log at DEBUG for an unknown level.
 */
public final class LoggingEnvironment {

  public static final String FORMAT = "DRAWBRIDGE_LOG_FORMAT";
  public static final String LEVEL = "DRAWBRIDGE_LOG_LEVEL";

  private static final List<String> FORMATS = List.of("text", "json");
  private static final List<String> LEVELS =
      List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  private LoggingEnvironment() {}

  /** What is wrong with the logging variables in {@code env}, if anything. */
  public static Optional<String> problem(Map<String, String> env) {
    String format = env.get(FORMAT);
    if (format != null && !FORMATS.contains(format)) {
      return Optional.of(FORMAT + " must be 'text' or 'json', not '" + format + "'");
    }
    String level = env.get(LEVEL);
    if (level != null && !LEVELS.contains(level.toUpperCase(Locale.ROOT))) {
      return Optional.of(
          LEVEL + " must be one of " + String.join(", ", LEVELS) + ", not '" + level + "'");
    }
    return Optional.empty();
  }
}
