package dev.drawbridge.config.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.config.DrawbridgeConfig;
import java.util.Optional;

/**
 * Binds the checked tree to {@link DrawbridgeConfig}. After {@link SchemaWalker} this should not
 * fail; if it does, the failure is reported at its path without the value (it may be a secret).
 */
public final class Binder {

  private final Problems problems;
  private final ObjectMapper mapper = ConfigMappers.json();

  public Binder(Problems problems) {
    this.problems = problems;
  }

  public Optional<DrawbridgeConfig> bind(ObjectNode root) {
    try {
      return Optional.of(mapper.treeToValue(root, DrawbridgeConfig.class));
    } catch (JsonMappingException e) {
      problems.error(pathOf(e), "invalid value (" + e.getClass().getSimpleName() + ")");
    } catch (JsonProcessingException | IllegalArgumentException e) {
      problems.error("(file)", "cannot be bound: " + e.getClass().getSimpleName());
    }
    return Optional.empty();
  }

  private static String pathOf(JsonMappingException e) {
    String path = "";
    for (JsonMappingException.Reference reference : e.getPath()) {
      path =
          reference.getFieldName() != null
              ? ConfigPaths.child(path, reference.getFieldName())
              : ConfigPaths.index(path, reference.getIndex());
    }
    return path.isEmpty() ? "(root)" : path;
  }
}
