package dev.drawbridge.config.internal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.config.DrawbridgeConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Walks the parsed tree against the record schema, found by reflection over record components, and
 * reports every unknown key (with the nearest valid one), missing required key and value of the
 * wrong type. It leaves behind a tree that binds cleanly: rejected values are removed, so the
 * semantic rules can still run over everything else, and scalars are normalized (a single value
 * where a list is expected becomes a one-element list; relative paths become absolute).
 */
public final class SchemaWalker {

  private final Problems problems;
  private final ValueEcho echo;
  private final ScalarChecks scalars;

  public SchemaWalker(Problems problems, ValueEcho echo, ScalarChecks scalars) {
    this.problems = problems;
    this.echo = echo;
    this.scalars = scalars;
  }

  /** Checks the whole file, in place. */
  public void walk(ObjectNode root) {
    walkRecord(root, DrawbridgeConfig.class, "");
  }

  private void walkRecord(ObjectNode node, Class<?> type, String path) {
    Map<String, RecordComponent> components = new LinkedHashMap<>();
    for (RecordComponent component : type.getRecordComponents()) {
      components.put(component.getName(), component);
    }
    Set<String> present = new HashSet<>();
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      String childPath = ConfigPaths.child(path, name);
      RecordComponent component = components.get(name);
      JsonNode child = node.get(name);
      if (component == null) {
        problems.error(childPath, unknownKey(name, components.keySet()));
        node.remove(name);
        continue;
      }
      if (child.isNull()) {
        node.remove(name);
        continue;
      }
      present.add(name);
      if (problems.hasErrorAt(childPath)) {
        node.remove(name);
        continue;
      }
      Optional<JsonNode> checked = walkValue(child, component.getGenericType(), childPath);
      if (checked.isPresent()) {
        node.set(name, checked.get());
      } else {
        node.remove(name);
      }
    }
    for (String required : RequiredKeys.of(type)) {
      if (!present.contains(required)) {
        problems.error(ConfigPaths.child(path, required), "is required");
      }
    }
  }

  private Optional<JsonNode> walkValue(JsonNode node, Type type, String path) {
    if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
      return walkList(node, list.getActualTypeArguments()[0], path);
    }
    if (type instanceof ParameterizedType map && map.getRawType() == Map.class) {
      return walkMap(node, map.getActualTypeArguments()[1], path);
    }
    Class<?> raw = (Class<?>) type;
    if (isSection(raw)) {
      if (node instanceof ObjectNode object) {
        walkRecord(object, raw, path);
        return Optional.of(object);
      }
      problems.error(path, "expected a mapping (key: value), got " + echo.describe(path, node));
      return Optional.empty();
    }
    return scalars.check(node, raw, path);
  }

  private Optional<JsonNode> walkList(JsonNode node, Type elementType, String path) {
    boolean scalarElements = !(elementType instanceof Class<?> c && isSection(c));
    if (!node.isArray()) {
      if (scalarElements && node.isValueNode()) {
        return scalars
            .check(node, (Class<?>) elementType, path)
            .map(v -> JsonNodeFactory.instance.arrayNode().add(v));
      }
      problems.error(path, "expected a list, got " + echo.describe(path, node));
      return Optional.empty();
    }
    ArrayNode checked = JsonNodeFactory.instance.arrayNode();
    boolean allValid = true;
    boolean positional = true;
    for (int i = 0; i < node.size(); i++) {
      String elementPath = ConfigPaths.index(path, i);
      JsonNode element = node.get(i);
      Optional<JsonNode> value = Optional.empty();
      if (element.isNull()) {
        problems.error(elementPath, "empty list entry");
      } else if (!problems.hasErrorAt(elementPath)) {
        value = walkValue(element, elementType, elementPath);
      }
      if (value.isEmpty()) {
        allValid = false;
        value = placeholder(elementType);
        positional &= value.isPresent();
      }
      value.ifPresent(checked::add);
    }
    if (!allValid) {
      problems.markInvalid(path);
    }
    if (!positional) {
      problems.suppressWithin(path);
    }
    return Optional.of(checked);
  }

  /**
   * A mapping whose keys are the file's own (header names), each value checked against {@code
   * valueType}; a rejected value is left out.
   */
  private Optional<JsonNode> walkMap(JsonNode node, Type valueType, String path) {
    if (!(node instanceof ObjectNode object)) {
      problems.error(path, "expected a mapping (key: value), got " + echo.describe(path, node));
      return Optional.empty();
    }
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    boolean allValid = true;
    for (String name : names) {
      String childPath = ConfigPaths.child(path, name);
      JsonNode child = object.get(name);
      Optional<JsonNode> value = Optional.empty();
      if (child.isNull()) {
        problems.error(childPath, "expected a value, got nothing");
      } else if (!problems.hasErrorAt(childPath)) {
        value = walkValue(child, valueType, childPath);
      }
      if (value.isPresent()) {
        object.set(name, value.get());
      } else {
        allValid = false;
        object.remove(name);
      }
    }
    if (!allValid) {
      problems.markInvalid(path);
    }
    return Optional.of(object);
  }

  /**
   * What stands in for a rejected list element so that the elements after it keep their indices
   * (and their paths) in the bound records. Semantic rules stay quiet about the stand-in, because
   * its path already has an error.
   */
  private static Optional<JsonNode> placeholder(Type elementType) {
    if (elementType == String.class) {
      return Optional.of(JsonNodeFactory.instance.textNode(""));
    }
    if (elementType instanceof Class<?> c && isSection(c)) {
      return Optional.of(JsonNodeFactory.instance.objectNode());
    }
    return Optional.empty();
  }

  /**
   * A record written as a mapping; a record that Jackson creates from one string through a static
   * {@code @JsonCreator} (such as {@code BindAddress}) is a scalar.
   */
  private static boolean isSection(Class<?> type) {
    if (!type.isRecord()) {
      return false;
    }
    for (Method method : type.getDeclaredMethods()) {
      if (Modifier.isStatic(method.getModifiers())
          && method.isAnnotationPresent(JsonCreator.class)) {
        return false;
      }
    }
    return true;
  }

  private static String unknownKey(String name, Set<String> valid) {
    String suggestion = Suggestions.didYouMean(name, valid);
    if (!suggestion.isEmpty()) {
      return "unknown key" + suggestion;
    }
    return "unknown key; expected one of " + String.join(", ", valid);
  }
}
