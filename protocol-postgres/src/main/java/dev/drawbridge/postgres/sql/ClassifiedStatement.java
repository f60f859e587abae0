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
 * @param derived the tables, in the same form, whose columns' values reach a result or storage
 *     without PostgreSQL reporting their source column (in an expression, a whole row, a set
 *     operation, an {@code INSERT} or {@code SET} value, {@code COPY … TO}): result masking, which
 *     works by the source a row description reports, must refuse a masked column here. Columns only
 *     used to choose or order rows are not listed
 * @param text the statement's own slice of the input
 */
public record ClassifiedStatement(
    Action action,
    String verb,
    List<Resource> resources,
    List<Resource.Table> derived,
    String text) {

  public ClassifiedStatement {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(verb, "verb");
    resources = List.copyOf(resources);
    derived = List.copyOf(derived);
    Objects.requireNonNull(text, "text");
  }

  /** A statement none of whose columns' values lose their source. */
  public ClassifiedStatement(Action action, String verb, List<Resource> resources, String text) {
    this(action, verb, resources, List.of(), text);
  }

  /** The same statement with another text (of the same shape). */
  public ClassifiedStatement withText(String other) {
    return new ClassifiedStatement(action, verb, resources, derived, other);
  }
}
