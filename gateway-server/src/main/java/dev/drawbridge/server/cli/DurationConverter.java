package dev.drawbridge.server.cli;

import dev.drawbridge.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads durations on the command line the way the configuration file does: 30s, 5m, 1h, 2d. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
