package dev.drawbridge.config.internal;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.drawbridge.config.BindAddress;
import dev.drawbridge.config.DataSize;
import dev.drawbridge.config.Secret;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks one scalar value against the Java type of the record component it binds to, and returns it
 * in the form Jackson binds without surprises (numbers from references become numbers, relative
 * paths become absolute against the configuration file's directory).
 */
public final class ScalarChecks {

  private final Problems problems;
  private final ValueEcho echo;
  private final Path baseDirectory;

  public ScalarChecks(Problems problems, ValueEcho echo, Path baseDirectory) {
    this.problems = problems;
    this.echo = echo;
    this.baseDirectory = baseDirectory;
  }

  /** The value to bind, or empty when it is wrong (reported). */
  Optional<JsonNode> check(JsonNode node, Class<?> type, String path) {
    if (!node.isValueNode()) {
      return fail(path, "expected " + expectation(type) + ", got " + echo.describe(path, node));
    }
    if (type == Secret.class && !echo.isReferenced(path)) {
      problems.warning(
          path, "a secret written into the file; reference it with ${env:NAME} or ${file:PATH}");
    }
    if (type == String.class || type == Secret.class) {
      return Optional.of(node.isTextual() ? node : TextNode.valueOf(node.asText()));
    }
    if (type == int.class || type == Integer.class) {
      return whole(node, path)
          .flatMap(v -> fits(v, Integer.MIN_VALUE, Integer.MAX_VALUE, path))
          .map(v -> IntNode.valueOf(v.intValue()));
    }
    if (type == long.class || type == Long.class) {
      return whole(node, path).map(LongNode::valueOf);
    }
    if (type == boolean.class || type == Boolean.class) {
      return bool(node, path);
    }
    if (type == DataSize.class) {
      return size(node, path);
    }
    if (!node.isTextual()) {
      return fail(path, "expected " + expectation(type) + ", got " + echo.describe(path, node));
    }
    String text = node.textValue();
    if (type == Path.class) {
      return path(text, path);
    }
    if (type == Duration.class) {
      return DurationParser.parse(text).isPresent()
          ? Optional.of(node)
          : fail(path, "expected " + expectation(type) + ", got " + echo.describe(path, node));
    }
    if (type == LocalDate.class) {
      try {
        LocalDate.parse(text);
        return Optional.of(node);
      } catch (DateTimeParseException e) {
        return fail(path, "expected " + expectation(type) + ", got " + echo.describe(path, node));
      }
    }
    if (type == BindAddress.class) {
      return BindAddressCheck.problem(text)
          .map(reason -> this.<JsonNode>fail(path, reason + ", got " + echo.describe(path, node)))
          .orElse(Optional.of(node));
    }
    if (type.isEnum()) {
      return enumValue(node, type, path);
    }
    throw new IllegalStateException("no check for " + type + " at " + path);
  }

  private Optional<Long> whole(JsonNode node, String path) {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return Optional.of(node.longValue());
    }
    if (node.isTextual() && node.textValue().strip().matches("-?\\d{1,18}")) {
      return Optional.of(Long.parseLong(node.textValue().strip()));
    }
    String what = node.isNumber() ? "expected a whole number" : "expected a number";
    return fail(path, what + ", got " + echo.describe(path, node));
  }

  private Optional<Long> fits(long value, long min, long max, String path) {
    return value < min || value > max
        ? fail(path, "number out of range: " + value)
        : Optional.of(value);
  }

  private Optional<JsonNode> bool(JsonNode node, String path) {
    if (node.isBoolean()) {
      return Optional.of(node);
    }
    if (node.isTextual() && node.textValue().strip().matches("(?i)true|false")) {
      return Optional.of(BooleanNode.valueOf(Boolean.parseBoolean(node.textValue().strip())));
    }
    return fail(path, "expected true or false, got " + echo.describe(path, node));
  }

  /**
   * A whole number of bytes, or a text with a unit; bound as its number of bytes, so {@link
   * DataSize#parse} reads it back without surprises.
   */
  private Optional<JsonNode> size(JsonNode node, String path) {
    DataSizeParser.Result parsed =
        node.isIntegralNumber() || node.isTextual()
            ? DataSizeParser.parse(node.asText())
            : new DataSizeParser.Result.Invalid("expected " + DataSizeParser.EXPECTED);
    return switch (parsed) {
      case DataSizeParser.Result.Bytes(long bytes) ->
          Optional.of(TextNode.valueOf(Long.toString(bytes)));
      case DataSizeParser.Result.Invalid(String reason) ->
          fail(path, reason + ", got " + echo.describe(path, node));
    };
  }

  private Optional<JsonNode> path(String text, String path) {
    if (text.isBlank()) {
      return fail(path, "must not be empty");
    }
    try {
      return Optional.of(TextNode.valueOf(baseDirectory.resolve(text).normalize().toString()));
    } catch (InvalidPathException e) {
      return fail(path, "invalid file path " + echo.quote(path, text));
    }
  }

  private Optional<JsonNode> enumValue(JsonNode node, Class<?> type, String path) {
    List<String> names = configNames(type);
    if (names.contains(node.textValue())) {
      return Optional.of(node);
    }
    return fail(
        path,
        "must be one of "
            + String.join(", ", names)
            + ", got "
            + echo.describe(path, node)
            + (echo.isReferenced(path) ? "" : Suggestions.didYouMean(node.textValue(), names)));
  }

  /** The names an enum is written with: its {@code @JsonValue}, else its constant names. */
  static List<String> configNames(Class<?> enumType) {
    Method jsonValue = null;
    for (Method method : enumType.getMethods()) {
      if (method.isAnnotationPresent(JsonValue.class) && method.getParameterCount() == 0) {
        jsonValue = method;
      }
    }
    List<String> names = new ArrayList<>();
    for (Object constant : enumType.getEnumConstants()) {
      try {
        names.add(
            jsonValue == null ? ((Enum<?>) constant).name() : (String) jsonValue.invoke(constant));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read names of " + enumType, e);
      }
    }
    return List.copyOf(names);
  }

  private static String expectation(Class<?> type) {
    if (type == String.class || type == Secret.class) {
      return "a string";
    }
    if (type == Path.class) {
      return "a file path";
    }
    if (type == Duration.class) {
      return DurationParser.EXPECTED;
    }
    if (type == DataSize.class) {
      return DataSizeParser.EXPECTED;
    }
    if (type == LocalDate.class) {
      return "a date such as 2027-03-31";
    }
    if (type == BindAddress.class) {
      return "host:port such as 127.0.0.1:8081";
    }
    if (type.isEnum()) {
      return "one of " + String.join(", ", configNames(type));
    }
    return "a value";
  }

  private <T> Optional<T> fail(String path, String message) {
    problems.error(path, message);
    return Optional.empty();
  }
}
