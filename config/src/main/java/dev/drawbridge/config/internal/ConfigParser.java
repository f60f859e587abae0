package dev.drawbridge.config.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a configuration file into a JSON tree: {@code .json} as JSON, anything else as YAML (a
 * superset of JSON). A file that cannot be read or parsed is one problem, named by the file, with
 * the line and column where the parser stopped.
 */
public final class ConfigParser {

  private final Problems problems;

  public ConfigParser(Problems problems) {
    this.problems = problems;
  }

  /** The file's tree, or empty when it could not be read or parsed (already reported). */
  public Optional<JsonNode> parse(Path file) {
    String where = file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      problems.error(where, "file does not exist");
      return Optional.empty();
    } catch (AccessDeniedException e) {
      problems.error(where, "file cannot be read: permission denied");
      return Optional.empty();
    } catch (IOException e) {
      problems.error(where, "file cannot be read: " + e.getClass().getSimpleName());
      return Optional.empty();
    }
    ObjectMapper mapper = isJson(file) ? ConfigMappers.json() : ConfigMappers.yaml();
    JsonNode root;
    try {
      root = mapper.readTree(bytes);
    } catch (JsonProcessingException e) {
      problems.error(where, ParseErrors.describe(e));
      return Optional.empty();
    } catch (IOException e) {
      problems.error(where, "file cannot be parsed: " + e.getClass().getSimpleName());
      return Optional.empty();
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      problems.error(where, "file is empty");
      return Optional.empty();
    }
    if (!root.isObject()) {
      problems.error(where, "expected a mapping of sections (gateway, listeners, …) at the top");
      return Optional.empty();
    }
    return Optional.of(root);
  }

  private static boolean isJson(Path file) {
    Path name = file.getFileName();
    return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".json");
  }
}
