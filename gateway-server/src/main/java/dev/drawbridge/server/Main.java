package dev.drawbridge.server;

import dev.drawbridge.server.cli.DrawbridgeCommand;
import java.util.Optional;

/** Entry point of {@code drawbridge.jar}. */
public final class Main {

  /** The exit status for a bad environment, the same as for an invalid configuration. */
  private static final int INVALID_ENVIRONMENT = 2;

  private Main() {}

  public static void main(String[] args) {
    Optional<String> problem = LoggingEnvironment.problem(System.getenv());
    if (problem.isPresent()) {
      System.err.println("drawbridge: " + problem.get());
      System.exit(INVALID_ENVIRONMENT);
    }
    System.exit(DrawbridgeCommand.commandLine().execute(args));
  }
}
