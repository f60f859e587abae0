package dev.drawbridge.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A configuration file that cannot be used. It carries every problem found, errors and warnings, in
 * the order they were found; its message lists them one per line.
 */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  private final ConfigProblem[] problems;

  public ConfigException(Path file, List<ConfigProblem> problems) {
    super(summary(file, problems));
    this.problems = problems.toArray(ConfigProblem[]::new);
  }

  /** Every problem found, errors and warnings, in the order found. */
  public List<ConfigProblem> problems() {
    return List.of(problems);
  }

  /** Only the problems that stop the gateway. */
  public List<ConfigProblem> errors() {
    return problems().stream().filter(ConfigProblem::isError).toList();
  }

  private static String summary(Path file, List<ConfigProblem> problems) {
    long errors = problems.stream().filter(ConfigProblem::isError).count();
    long warnings = problems.size() - errors;
    StringBuilder text =
        new StringBuilder("invalid configuration ")
            .append(file)
            .append(" (")
            .append(count(errors, "error"))
            .append(warnings > 0 ? ", " + count(warnings, "warning") : "")
            .append(')');
    for (ConfigProblem problem : problems) {
      text.append(System.lineSeparator())
          .append("  ")
          .append(problem.isError() ? "error: " : "warning: ")
          .append(problem);
    }
    return text.toString();
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
