package dev.drawbridge.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * One thing wrong with a configuration file, found at load time.
 *
 * @param severity whether it stops the gateway ({@link Severity#ERROR}) or only deserves attention
 *     ({@link Severity#WARNING})
 * @param path where it is, in the file's own terms: {@code connections[1].upstream.port}; a root
 *     key for root-level problems; the file name when the file itself cannot be read or parsed
 * @param message what is wrong and, where it helps, how to fix it; never a secret value
 */
public record ConfigProblem(Severity severity, String path, String message)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** How serious a problem is. */
  public enum Severity {
    /** The configuration cannot be used. */
    ERROR,
    /** The configuration loads, but something in it probably does not do what was meant. */
    WARNING
  }

  public ConfigProblem {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  public static ConfigProblem error(String path, String message) {
    return new ConfigProblem(Severity.ERROR, path, message);
  }

  public static ConfigProblem warning(String path, String message) {
    return new ConfigProblem(Severity.WARNING, path, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code path: message}, the form every Drawbridge command prints. */
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
