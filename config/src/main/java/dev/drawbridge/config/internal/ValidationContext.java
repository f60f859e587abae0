package dev.drawbridge.config.internal;

import java.time.Clock;
import java.util.List;

/**
 * What the semantic rules share: where problems go, how values are quoted, and today's date.
 *
 * @param problems where problems are reported
 * @param echo quotes values into messages, never a secret
 * @param clock the clock that decides whether a grant has expired
 */
public record ValidationContext(Problems problems, ValueEcho echo, Clock clock) {

  public void error(String path, String message) {
    problems.error(path, message);
  }

  public void warning(String path, String message) {
    problems.warning(path, message);
  }

  /**
   * {@code "; did you mean 'x'?"} for a wrong value, or nothing when there is no close candidate or
   * the value came from a reference (a suggestion would hint at a secret).
   */
  public String didYouMean(String path, String value, List<String> candidates) {
    return echo.isReferenced(path) ? "" : Suggestions.didYouMean(value, candidates);
  }

  /** Reports a string that is present but blank. */
  public void notBlank(String value, String path) {
    if (value != null && value.isBlank()) {
      problems.error(path, "must not be empty");
    }
  }

  /** Whether any of these paths already has an error, so a rule about their absence is noise. */
  public boolean anyError(String... paths) {
    for (String path : paths) {
      if (problems.hasErrorAt(path)) {
        return true;
      }
    }
    return false;
  }
}
