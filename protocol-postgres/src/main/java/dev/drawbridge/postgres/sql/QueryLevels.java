package dev.drawbridge.postgres.sql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query levels of a tree ({@code SELECT}, {@code INSERT}, {@code UPDATE}, {@code DELETE},
 * {@code MERGE}), each walked with its own {@link QueryScope}, and where the values of each of its
 * clauses go ({@link Flow}): its output columns where the level's go, {@code INSERT} sources and
 * {@code SET} values to storage, conditions, grouping and ordering nowhere visible.
 */
final class QueryLevels {

  private final TreeWalker walker;
  private final Touched touched;
  private final QuerySources sources;

  QueryLevels(TreeWalker walker, Touched touched) {
    this.walker = walker;
    this.touched = touched;
    this.sources = new QuerySources(walker, touched);
  }

  /**
   * A {@code SELECT}, {@code VALUES} or set operation, its output columns going where the walker's
   * flow says ({@code SELECT … INTO}: to storage).
   */
  void select(JsonNode select, QueryScope outer) {
    Flow level = walker.flow();
    QueryScope scope = new QueryScope(outer);
    sources.with(select.get("withClause"), scope);
    if (select.has("larg") || select.has("rarg")) {
      for (String side : new String[] {"larg", "rarg"}) {
        if (select.has(side)) {
          walker.flow(level.branch());
          select(select.get(side), scope);
        }
      }
      walker.flow(level);
    } else {
      sources.fromItems(select.get("fromClause"), scope);
    }
    Flow targets = select.has("intoClause") ? level.stored() : level;
    walker.flow(level.filtering());
    for (Map.Entry<String, JsonNode> field : select.properties()) {
      JsonNode value = field.getValue();
      switch (field.getKey()) {
        case "withClause", "fromClause", "larg", "rarg" -> {}
        // FOR UPDATE OF alias names aliases, not tables
        case "lockingClause" -> touched.locks();
        case "intoClause" -> {
          touched.creates();
          walker.walk(value, scope, Flow.HIDDEN);
        }
        case "targetList" -> targets(value, scope, targets);
        case "valuesLists" -> walker.walk(value, scope, targets.computed());
        case "sortClause" -> sort(value, select.get("targetList"), scope);
        default -> walker.walkField(field.getKey(), value, scope, walker.flow());
      }
    }
    walker.flow(level);
  }

  /** An {@code INSERT}: its source goes to storage, {@code RETURNING} where the flow says. */
  void insert(JsonNode insert, QueryScope outer) {
    Flow level = walker.flow();
    touched.modifies();
    QueryScope scope = new QueryScope(outer);
    sources.with(insert.get("withClause"), scope);
    JsonNode relation = insert.get("relation");
    TableUse target = touched.relation(relation);
    JsonNode columns = insert.get("cols");
    if (columns == null || columns.isEmpty()) {
      target.everyColumn(); // positional: which columns get values depends on the table
    } else {
      assignments(columns, target, scope);
    }
    if (insert.has("selectStmt")) {
      walker.walk(insert.get("selectStmt"), scope, level.stored());
    }
    scope.table(target, Nodes.visibleName(relation));
    scope.name("excluded", List.of(target));
    JsonNode conflict = insert.get("onConflictClause");
    if (conflict != null) {
      for (JsonNode element : conflict.path("infer").path("indexElems")) {
        String column = element.path("IndexElem").path("name").asText("");
        if (!column.isEmpty()) {
          target.column(column);
        }
      }
      assignments(conflict.get("targetList"), target, scope);
      walker.walkRest(conflict, scope, level.filtering(), "targetList");
    }
    rest(insert, scope, level, "relation", "cols", "selectStmt", "onConflictClause");
  }

  /** An {@code UPDATE}: its {@code SET} values go to storage. */
  void update(JsonNode update, QueryScope outer) {
    Flow level = walker.flow();
    touched.modifies();
    QueryScope scope = target(update, outer);
    TableUse target = touched.relation(update.get("relation"));
    sources.fromItems(update.get("fromClause"), scope);
    assignments(update.get("targetList"), target, scope);
    rest(update, scope, level, "relation", "fromClause", "targetList");
  }

  void delete(JsonNode delete, QueryScope outer) {
    Flow level = walker.flow();
    touched.modifies();
    QueryScope scope = target(delete, outer);
    // a deleted row loses every column, whatever the condition names
    touched.relation(delete.get("relation")).everyColumn();
    sources.fromItems(delete.get("usingClause"), scope);
    rest(delete, scope, level, "relation", "usingClause");
  }

  /** A {@code MERGE}: its {@code UPDATE SET} and {@code INSERT VALUES} values go to storage. */
  void merge(JsonNode merge, QueryScope outer) {
    Flow level = walker.flow();
    touched.modifies();
    QueryScope scope = target(merge, outer);
    TableUse target = touched.relation(merge.get("relation"));
    if (merge.has("sourceRelation")) {
      sources.fromItem(merge.get("sourceRelation"), scope);
    }
    if (merge.has("joinCondition")) {
      walker.walk(merge.get("joinCondition"), scope, level.filtering());
    }
    for (JsonNode item : merge.path("mergeWhenClauses")) {
      JsonNode when = item.path("MergeWhenClause");
      String command = when.path("commandType").asText("");
      JsonNode targets = when.get("targetList");
      if (command.equals("CMD_DELETE")
          || (command.equals("CMD_INSERT") && (targets == null || targets.isEmpty()))) {
        target.everyColumn();
      }
      assignments(targets, target, scope);
      for (Map.Entry<String, JsonNode> field : when.properties()) {
        String key = field.getKey();
        if (!key.equals("targetList")) {
          walker.walkField(
              key, field.getValue(), scope, key.equals("values") ? Flow.LOST : level.filtering());
        }
      }
    }
    rest(merge, scope, level, "relation", "sourceRelation", "joinCondition", "mergeWhenClauses");
  }

  /** The scope of a data-modifying statement, with its target table in it. */
  private QueryScope target(JsonNode statement, QueryScope outer) {
    QueryScope scope = new QueryScope(outer);
    sources.with(statement.get("withClause"), scope);
    JsonNode relation = statement.get("relation");
    scope.table(touched.relation(relation), Nodes.visibleName(relation));
    return scope;
  }

  /**
   * The rest of a data-modifying statement: {@code RETURNING}, output columns of the statement's
   * level, and the conditions, which only choose rows.
   */
  private void rest(JsonNode statement, QueryScope scope, Flow level, String... handled) {
    for (Map.Entry<String, JsonNode> field : statement.properties()) {
      String key = field.getKey();
      if (key.equals("returningList")) {
        targets(field.getValue(), scope, level);
      } else if (!key.equals("withClause") && !List.of(handled).contains(key)) {
        walker.walkField(key, field.getValue(), scope, level.filtering());
      }
    }
  }

  /**
   * The output columns of a level whose values go where {@code level} says: a plain column keeps
   * its source only in an output level, any other value loses it.
   */
  private void targets(JsonNode targetList, QueryScope scope, Flow level) {
    for (JsonNode item : targetList) {
      JsonNode columnRef = item.path("ResTarget").path("val").get("ColumnRef");
      if (level == Flow.OUTPUT && columnRef != null) {
        ColumnRefs.output(columnRef, scope);
      } else {
        walker.walk(item, scope, level.computed());
      }
    }
  }

  /** {@code ORDER BY name}: a bare output column name is not a table's column. */
  private void sort(JsonNode sortClause, JsonNode targetList, QueryScope scope) {
    Set<String> outputs = new HashSet<>();
    if (targetList != null) {
      for (JsonNode target : targetList) {
        String name = target.path("ResTarget").path("name").asText("");
        if (!name.isEmpty()) {
          outputs.add(name);
        }
      }
    }
    for (JsonNode item : sortClause) {
      JsonNode fields = item.path("SortBy").path("node").path("ColumnRef").path("fields");
      if (fields.size() == 1 && outputs.contains(Nodes.sval(fields.get(0)))) {
        continue;
      }
      walker.walk(item, scope, walker.flow());
    }
  }

  /**
   * {@code SET a = …}, {@code INSERT (a, b)}: the target's columns, and the values walked; stored,
   * the values lose their source.
   */
  private void assignments(JsonNode targetList, TableUse target, QueryScope scope) {
    if (targetList == null) {
      return;
    }
    for (JsonNode item : targetList) {
      JsonNode assigned = item.path("ResTarget");
      String name = assigned.path("name").asText("");
      if (!name.isEmpty()) {
        target.column(name);
      }
      if (assigned.has("val")) {
        walker.walk(assigned.get("val"), scope, Flow.LOST);
      }
      if (assigned.has("indirection")) {
        walker.walk(assigned.get("indirection"), scope, Flow.HIDDEN);
      }
    }
  }
}
