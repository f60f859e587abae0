package dev.drawbridge.policy.review;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How often a grant allowed one action on one table (or on nothing) over a review's window, from
 * the audit store's {@code operation} events that cite it.
 *
 * @param action the action ({@code read}, {@code write}, …)
 * @param schema the table's schema, empty when the operation touched no table
 * @param table the table's name, empty when the operation touched no table
 * @param columns the columns the operations named (empty when they named none, e.g. {@code *})
 * @param count how many operations
 * @param last when the latest was
 * @param events the audit event ids of some of them (the latest first), to trace the figure
 */
public record Use(
    String action,
    String schema,
    String table,
    Set<String> columns,
    long count,
    Instant last,
    List<String> events) {

  public Use {
    Objects.requireNonNull(action, "action");
    schema = schema == null ? "" : schema;
    table = table == null ? "" : table;
    columns = Set.copyOf(columns);
    Objects.requireNonNull(last, "last");
    events = List.copyOf(events);
  }

  /** Whether it touched a table. */
  public boolean onTable() {
    return !table.isEmpty();
  }

  /** {@code schema.table}, or empty. */
  public String qualified() {
    return table.isEmpty() ? "" : (schema.isEmpty() ? table : schema + "." + table);
  }
}
