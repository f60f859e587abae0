package dev.drawbridge.config;

import java.util.Map;
import java.util.Optional;

/**
 * Where {@code ${env:NAME}} references are looked up. The gateway uses {@link #system()}; tests
 * pass {@link #of(Map)}.
 */
@FunctionalInterface
public interface Environment {

  /** The variable's value, or empty when it is not set. */
  Optional<String> get(String name);

  /** The process environment. */
  static Environment system() {
    return name -> Optional.ofNullable(System.getenv(name));
  }

  /** A fixed set of variables. */
  static Environment of(Map<String, String> variables) {
    Map<String, String> copy = Map.copyOf(variables);
    return name -> Optional.ofNullable(copy.get(name));
  }
}
