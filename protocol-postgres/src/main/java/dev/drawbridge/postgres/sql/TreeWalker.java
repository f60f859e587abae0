package dev.drawbridge.postgres.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.core.model.Resource;
import java.util.Map;

/**
 * Walks one statement's parse tree (libpg_query's JSON) once and records what it touches in a
 * {@link Touched}: tables with the columns referenced, functions called, and whether anything in it
 * modifies data, locks rows or creates a table.
 *
 * <p>Query levels ({@code SELECT}, {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code MERGE})
 * are walked with their scope ({@link QueryLevels}), so aliases, common table expressions and
 * columns resolve. Every other node is walked generically: any {@code RangeVar} in it is a table
 * (every column), any {@code FuncCall} a call, and any query level inside it is walked as one. A
 * node type this class has never heard of therefore still has its tables and functions found.
 *
 * <p>On the same walk it follows where values go ({@link Flow}), and records as derived uses the
 * columns whose values reach a result or storage without PostgreSQL reporting their source: those
 * in expressions of output columns, set operations, {@code INSERT} sources, {@code SET} values,
 * functions and {@code VALUES} in {@code FROM}, whole rows; never those that only filter or order.
 *
 * <p>Not thread-safe: one walker per statement.
 */
final class TreeWalker {

  private final Touched touched = new Touched();
  private final QueryLevels levels = new QueryLevels(this, touched);
  private Flow flow = Flow.OUTPUT;

  /** What the walk has found so far. */
  Touched touched() {
    return touched;
  }

  /** Where the values walked now go. */
  Flow flow() {
    return flow;
  }

  /** Where the values walked from now on go; returns the flow it replaces. */
  Flow flow(Flow values) {
    Flow before = flow;
    flow = values;
    return before;
  }

  /** Walks any part of a tree (a whole statement, a clause, a list). */
  void walk(JsonNode node) {
    walk(node, null);
  }

  /** Walks every field of {@code node} except {@code skipped}. */
  void walkExcept(JsonNode node, String skipped) {
    walkRest(node, null, flow, skipped);
  }

  /** Walks part of a query level whose values go where {@code values} says. */
  void walk(JsonNode node, QueryScope scope, Flow values) {
    Flow before = flow(values);
    walk(node, scope);
    flow = before;
  }

  /** Walks one field of a node, {@code key} its name, whose values go where {@code values} says. */
  void walkField(String key, JsonNode value, QueryScope scope, Flow values) {
    if (value.isContainerNode()) {
      Flow before = flow(values);
      node(key, value, scope);
      flow = before;
    }
  }

  /** Walks every field of {@code node} but the {@code handled} ones. */
  void walkRest(JsonNode node, QueryScope scope, Flow values, String... handled) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!contains(handled, field.getKey())) {
        walkField(field.getKey(), field.getValue(), scope, values);
      }
    }
  }

  /**
   * Walks the elements of {@code CREATE SCHEMA name …}: an unqualified name there is created in
   * that schema, or may resolve through the search path, so it stands for both.
   */
  void inSchema(String schema, JsonNode node) {
    String before = touched.schemaOfUnqualified(schema);
    walk(node, null);
    touched.schemaOfUnqualified(before);
  }

  /**
   * {@code COPY table (columns) … WHERE …}: the table with the columns copied; copied out, they
   * leave without a row description, so every one is a derived use.
   */
  void copyTable(JsonNode copy) {
    JsonNode relation = copy.get("relation");
    if (relation == null) {
      return;
    }
    TableUse table = touched.relation(relation);
    boolean out = !copy.path("is_from").asBoolean(false);
    JsonNode columns = copy.get("attlist");
    if (columns == null || columns.isEmpty()) {
      table.everyColumn();
      if (out) {
        table.derivedEveryColumn();
      }
    } else {
      for (JsonNode column : columns) {
        table.column(Nodes.sval(column));
        if (out) {
          table.derivedColumn(Nodes.sval(column));
        }
      }
    }
    JsonNode where = copy.get("whereClause");
    if (where != null) {
      QueryScope scope = new QueryScope(null);
      scope.table(table, Nodes.visibleName(relation));
      walk(where, scope, Flow.HIDDEN);
    }
  }

  private void walk(JsonNode node, QueryScope scope) {
    if (node.isArray()) {
      for (JsonNode item : node) {
        walk(item, scope);
      }
    } else if (node.isObject()) {
      object(node, scope);
    }
  }

  private void object(JsonNode node, QueryScope scope) {
    if (node.has("relname")) {
      touched.relation(node).everyColumn();
    } else if (node.has("funcformat") && node.has("funcname")) {
      touched.called(Nodes.function(node.get("funcname")));
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      JsonNode value = field.getValue();
      if (value.isContainerNode()) {
        node(field.getKey(), value, scope);
      }
    }
  }

  private void node(String key, JsonNode value, QueryScope scope) {
    switch (key) {
      case "SelectStmt" -> levels.select(value, scope);
      case "InsertStmt" -> levels.insert(value, scope);
      case "UpdateStmt" -> levels.update(value, scope);
      case "DeleteStmt" -> levels.delete(value, scope);
      case "MergeStmt" -> levels.merge(value, scope);
      case "ColumnRef" -> columnRef(value, scope);
      case "FuncCall" -> call(value, scope);
      default -> walk(value, scope);
    }
  }

  private void columnRef(JsonNode columnRef, QueryScope scope) {
    if (scope == null) {
      return;
    }
    ColumnRefs.read(columnRef, scope);
    if (flow == Flow.LOST) {
      ColumnRefs.derived(columnRef, scope);
    } else if (flow != Flow.HIDDEN) {
      ColumnRefs.reaching(columnRef, scope);
    }
  }

  /**
   * A function call; in a value that loses its source its arguments do too, except those of {@code
   * count}, which reveals no value; its window, {@code FILTER} and {@code ORDER BY} only choose and
   * order rows. An ordered-set or hypothetical-set aggregate ({@code mode() WITHIN GROUP (ORDER BY
   * c)}, {@code percentile_disc(…) WITHIN GROUP …}) aggregates the values it orders by: those are
   * arguments too, and no {@code count} is one.
   */
  private void call(JsonNode call, QueryScope scope) {
    if (flow != Flow.LOST || !call.has("funcname")) {
      walk(call, scope);
      return;
    }
    Resource.Function function = Nodes.function(call.get("funcname"));
    touched.called(function);
    boolean withinGroup = call.path("agg_within_group").asBoolean(false);
    Flow arguments =
        !withinGroup && SqlNames.isCount(function.schema(), function.name())
            ? Flow.HIDDEN
            : Flow.LOST;
    for (Map.Entry<String, JsonNode> field : call.properties()) {
      Flow values =
          switch (field.getKey()) {
            case "args" -> arguments;
            case "agg_order" -> withinGroup ? arguments : Flow.HIDDEN;
            case "over", "agg_filter" -> Flow.HIDDEN;
            default -> Flow.LOST;
          };
      walkField(field.getKey(), field.getValue(), scope, values);
    }
  }

  private static boolean contains(String[] names, String name) {
    for (String candidate : names) {
      if (candidate.equals(name)) {
        return true;
      }
    }
    return false;
  }
}
