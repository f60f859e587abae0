package dev.drawbridge.server.cli;

import dev.drawbridge.config.Durations;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/**
 * Reads {@code --since}: a duration back from now ({@code 30m}, {@code 24h}, {@code 7d}, as the
 * configuration writes durations), an ISO instant or offset date-time, or a date (its start, UTC).
 */
final class AuditSinceConverter implements CommandLine.ITypeConverter<Instant> {

  private final Clock clock;

  AuditSinceConverter() {
    this(Clock.systemUTC());
  }

  AuditSinceConverter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Instant convert(String value) {
    String text = value.strip();
    if (!text.isEmpty() && Character.isDigit(text.charAt(0)) && text.contains("-")) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        // a date, or not a time at all
      }
      try {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e) {
        throw invalid(value);
      }
    }
    try {
      return clock.instant().minus(Durations.parse(text));
    } catch (IllegalArgumentException e) {
      throw invalid(value);
    }
  }

  private static CommandLine.TypeConversionException invalid(String value) {
    return new CommandLine.TypeConversionException(
        "'"
            + value
            + "' is neither a duration back from now (30m, 24h, 7d) nor an ISO instant"
            + " (2026-03-01T00:00:00Z) or date (2026-03-01)");
  }
}
