package dev.drawbridge.server.cli;

import dev.drawbridge.config.ConfigException;
import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.ConfigProblem;
import dev.drawbridge.config.LoadedConfig;
import dev.drawbridge.core.identity.TokenAuthenticator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command that reads the configuration shares. */
final class ConfigFile {

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "The configuration file (YAML or JSON).")
  Path path;

  /**
   * Loads and validates the file, and builds the authenticator from it once so that nothing it
   * refuses can pass here and fail {@code serve}. Prints warnings to {@code err}; on errors prints
   * every problem and returns empty.
   */
  Optional<LoadedConfig> load(PrintWriter err) {
    try {
      LoadedConfig loaded = ConfigLoader.load(path);
      Optional<String> identityProblem = identityProblem(loaded);
      if (identityProblem.isPresent()) {
        err.println("invalid configuration " + path + " (1 error)");
        err.println("  error: " + identityProblem.get());
        err.flush();
        return Optional.empty();
      }
      for (ConfigProblem warning : loaded.warnings()) {
        err.println("warning: " + warning);
      }
      err.flush();
      return Optional.of(loaded);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return Optional.empty();
    }
  }

  private static Optional<String> identityProblem(LoadedConfig loaded) {
    try {
      TokenAuthenticator.create(loaded.config().identity(), Clock.systemUTC(), Runnable::run)
          .close();
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }
}
