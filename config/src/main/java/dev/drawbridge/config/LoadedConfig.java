package dev.drawbridge.config;

import java.util.List;
import java.util.Objects;

/**
 * A configuration that loaded without errors.
 *
 * @param config the validated configuration, secrets resolved, relative paths made absolute
 * @param warnings problems that do not stop the gateway (an expired grant, say); print them
 */
public record LoadedConfig(DrawbridgeConfig config, List<ConfigProblem> warnings) {

  public LoadedConfig {
    Objects.requireNonNull(config, "config");
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }
}
