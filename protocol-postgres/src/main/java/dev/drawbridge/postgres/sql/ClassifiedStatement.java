package dev.drawbridge.postgres.sql;

import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Resource;
import java.util.List;
import java.util.Objects;

/**
 * One SQL statement as grants see it.
 *
 * @param action the one action the statement needs; it applies to every resource
 * @param verb the command-tag-like word: {@code SELECT}, {@code INSERT}, {@code CREATE TABLE},
 *     {@code SET}, {@code EXPLAIN}, {@code UNPARSABLE} for text PostgreSQL cannot parse
 * @param resources the tables (schema as written, empty when unqualified; names as PostgreSQL folds
 *     them; the columns referenced, empty for every column) and functions it touches, without
 *     repeats, in the order first seen
 * @param text the statement's own slice of the input
 */
public record ClassifiedStatement(
    Action action, String verb, List<Resource> resources, String text) {

  public ClassifiedStatement {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(verb, "verb");
    resources = List.copyOf(resources);
    Objects.requireNonNull(text, "text");
  }
}
