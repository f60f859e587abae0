package dev.drawbridge.server.cli;

import dev.drawbridge.config.ConfigException;
import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.ConfigProblem;
import dev.drawbridge.config.LoadedConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
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
   * Loads and validates the file. Prints warnings to {@code err}; on errors prints every problem
   * and returns empty.
   */
  Optional<LoadedConfig> load(PrintWriter err) {
    try {
      LoadedConfig loaded = ConfigLoader.load(path);
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
}
