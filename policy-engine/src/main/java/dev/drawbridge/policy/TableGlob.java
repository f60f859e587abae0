package dev.drawbridge.policy;

import java.util.Objects;

/**
 * A rule's table glob, compiled once. {@code schema.name} splits at the first dot into a schema
 * pattern and a name pattern, each matched against its own part of a resource's name, so a {@code
 * *} never reaches across the dot. A glob without a dot names tables in every schema: {@code
 * orders} is {@code *.orders}, and {@code *} is everything.
 *
 * <p>A resource without a schema (an unqualified name, resolved by the server's {@code
 * search_path}) may live in any schema. Allowing it needs a glob whose schema part is {@code *};
 * refusing it needs only its name part to match (fail closed).
 *
 * @param text the glob as written, for messages
 * @param schema the schema pattern ({@code *} when the glob has no dot)
 * @param name the name pattern
 */
record TableGlob(String text, NamePattern schema, NamePattern name) {

  TableGlob {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
  }

  /**
   * @throws IllegalArgumentException when the glob is missing, blank or has an empty part
   */
  static TableGlob parse(String glob) {
    if (glob == null || glob.isBlank()) {
      throw new IllegalArgumentException("a table glob must not be empty");
    }
    int dot = glob.indexOf('.');
    if (dot < 0) {
      return new TableGlob(glob, NamePattern.ANY, NamePattern.of(glob));
    }
    String schema = glob.substring(0, dot);
    String name = glob.substring(dot + 1);
    if (schema.isEmpty() || name.isEmpty()) {
      throw new IllegalArgumentException(
          "table glob '" + glob + "' needs a schema and a name on each side of its dot");
    }
    return new TableGlob(glob, NamePattern.of(schema), NamePattern.of(name));
  }

  /** Whether this glob covers {@code schema.name} for sure: what allowing it takes. */
  boolean covers(String resourceSchema, String resourceName) {
    return (resourceSchema.isEmpty() ? schema.matchesEverything() : schema.matches(resourceSchema))
        && name.matches(resourceName);
  }

  /** Whether {@code schema.name} may be what this glob names: what refusing it takes. */
  boolean mayMatch(String resourceSchema, String resourceName) {
    return (resourceSchema.isEmpty() || schema.matches(resourceSchema))
        && name.matches(resourceName);
  }
}
