package dev.drawbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.config.internal.Binder;
import dev.drawbridge.config.internal.ConfigParser;
import dev.drawbridge.config.internal.Problems;
import dev.drawbridge.config.internal.ReferenceResolver;
import dev.drawbridge.config.internal.ScalarChecks;
import dev.drawbridge.config.internal.SchemaWalker;
import dev.drawbridge.config.internal.SemanticValidator;
import dev.drawbridge.config.internal.ValidationContext;
import dev.drawbridge.config.internal.ValueEcho;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads and validates a configuration file, all of it before anything starts.
 *
 * <p>The steps: parse the file ({@code .json} as JSON, anything else as YAML); resolve {@code
 * ${env:NAME}} and {@code ${file:PATH}} references; walk the tree against the record schema
 * (unknown keys, missing keys, wrong types); bind it to {@link DrawbridgeConfig}; run the semantic
 * rules (references between sections, safe TLS and token settings, grants). Every problem is
 * collected with its path, so one run reports all of them. Relative paths in the file, including
 * those in {@code ${file:…}} references, are resolved against the file's directory.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /** Loads {@code file} with the process environment and the system clock. */
  public static LoadedConfig load(Path file) throws ConfigException {
    return load(file, Environment.system());
  }

  /** Loads {@code file}, looking {@code ${env:…}} references up in {@code environment}. */
  public static LoadedConfig load(Path file, Environment environment) throws ConfigException {
    return load(file, environment, Clock.systemUTC());
  }

  /**
   * Loads {@code file}; {@code clock} decides which grants have expired (by its UTC date).
   *
   * @return the configuration and its warnings
   * @throws ConfigException when there is at least one error; it carries every problem found
   */
  public static LoadedConfig load(Path file, Environment environment, Clock clock)
      throws ConfigException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(clock, "clock");
    Problems problems = new Problems();
    ValueEcho echo = new ValueEcho();
    Path directory = file.toAbsolutePath().normalize().getParent();

    Optional<JsonNode> tree = new ConfigParser(problems).parse(file);
    if (tree.isEmpty()) {
      throw new ConfigException(file, problems.all());
    }
    ObjectNode root = (ObjectNode) tree.get();
    new ReferenceResolver(environment, directory, problems, echo).resolve(root);
    new SchemaWalker(problems, echo, new ScalarChecks(problems, echo, directory)).walk(root);
    Optional<DrawbridgeConfig> config = new Binder(problems).bind(root);
    config.ifPresent(
        c -> SemanticValidator.validate(c, new ValidationContext(problems, echo, clock)));

    if (problems.hasErrors() || config.isEmpty()) {
      throw new ConfigException(file, problems.all());
    }
    return new LoadedConfig(config.get(), problems.warnings());
  }
}
