package dev.drawbridge.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.drawbridge.config.Environment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${env:NAME}} and {@code ${file:PATH}} references in string values with what they
 * name, in place, before anything is bound. A reference may be the whole value or part of one
 * ({@code jdbc:postgresql://${env:DB_HOST}/audit}); {@code $${} is a literal {@code ${}. A reference
 * that cannot be resolved is an error at the path that holds it, and the value stays unresolved.
 */
public final class ReferenceResolver {

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String EXPECTED = "expected ${env:NAME} or ${file:PATH}";

  private final Environment environment;
  private final SecretFiles files;
  private final Problems problems;
  private final ValueEcho echo;

  public ReferenceResolver(
      Environment environment, Path baseDirectory, Problems problems, ValueEcho echo) {
    this.environment = environment;
    this.files = new SecretFiles(baseDirectory);
    this.problems = problems;
    this.echo = echo;
  }

  /** Resolves every reference in the tree, in place. */
  public void resolve(JsonNode root) {
    walk(root, "");
  }

  private void walk(JsonNode node, String path) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        String childPath = ConfigPaths.child(path, name);
        JsonNode child = object.get(name);
        if (child.isTextual()) {
          resolveText(child.textValue(), childPath).ifPresent(v -> object.put(name, v));
        } else {
          walk(child, childPath);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        String childPath = ConfigPaths.index(path, i);
        JsonNode child = array.get(i);
        if (child.isTextual()) {
          int at = i;
          resolveText(child.textValue(), childPath)
              .ifPresent(v -> array.set(at, TextNode.valueOf(v)));
        } else {
          walk(child, childPath);
        }
      }
    }
  }

  /** The resolved text, or empty when it holds no reference or one failed (already reported). */
  private Optional<String> resolveText(String text, String path) {
    if (!text.contains("${")) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder(text.length());
    boolean ok = true;
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int close = text.indexOf('}', i + 2);
        if (close < 0) {
          problems.error(
              path, "unterminated reference: '${' without '}' (write '$${' for a literal '${')");
          return Optional.empty();
        }
        String expression = text.substring(i, close + 1);
        Optional<String> value = lookup(expression, path);
        ok &= value.isPresent();
        value.ifPresent(out::append);
        echo.referenced(path, expression);
        i = close + 1;
      } else {
        out.append(text.charAt(i));
        i++;
      }
    }
    return ok ? Optional.of(out.toString()) : Optional.empty();
  }

  private Optional<String> lookup(String expression, String path) {
    String body = expression.substring(2, expression.length() - 1);
    int colon = body.indexOf(':');
    String scheme = colon < 0 ? "" : body.substring(0, colon);
    String argument = colon < 0 ? "" : body.substring(colon + 1);
    switch (scheme) {
      case "env" -> {
        if (!ENV_NAME.matcher(argument).matches()) {
          problems.error(path, "invalid environment variable name in " + expression);
          return Optional.empty();
        }
        Optional<String> value = environment.get(argument);
        if (value.isEmpty()) {
          problems.error(path, "environment variable " + argument + " is not set");
        }
        return value;
      }
      case "file" -> {
        if (argument.isBlank()) {
          problems.error(path, "empty file path in " + expression);
          return Optional.empty();
        }
        SecretFiles.Result result = files.read(argument);
        if (result.failure() != null) {
          problems.error(path, result.failure());
          return Optional.empty();
        }
        return Optional.of(result.content());
      }
      default -> {
        String what = colon < 0 ? "reference " : "reference scheme '" + scheme + "' in ";
        problems.error(path, "unknown " + what + expression + "; " + EXPECTED);
        return Optional.empty();
      }
    }
  }
}
