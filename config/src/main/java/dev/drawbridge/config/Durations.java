package dev.drawbridge.config;

import dev.drawbridge.config.internal.DurationParser;
import java.time.Duration;

/**
 * Durations as the configuration file writes them ({@code 500ms}, {@code 30s}, {@code 5m}, {@code
 * 1h}, {@code 2d}, {@code PT30S}), for other places that read durations from people, such as the
 * command line.
 */
public final class Durations {

  private Durations() {}

  /**
   * @throws IllegalArgumentException when {@code text} is not a non-negative duration
   */
  public static Duration parse(String text) {
    return DurationParser.parse(text)
        .orElseThrow(
            () -> new IllegalArgumentException("'" + text + "' is not " + DurationParser.EXPECTED));
  }
}
