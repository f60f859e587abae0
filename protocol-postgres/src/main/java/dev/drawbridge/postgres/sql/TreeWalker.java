package dev.drawbridge.postgres.sql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks one statement's parse tree (libpg_query's JSON) once and records what it touches in a
 * {@link Touched}: tables with the columns referenced, functions called, and whether anything in it
 * modifies data, locks rows or creates a table.
 *
 * <p>Query levels ({@code SELECT}, {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code MERGE})
 * are walked with their scope, so aliases, common table expressions and columns resolve. Every
 * other node is walked generically: any {@code RangeVar} in it is a table (every column), any
 * {@code FuncCall} a call, and any query level inside it is walked as one. A node type this class
 * has never heard of therefore still has its tables and functions found.
 *
 * <p>Not thread-safe: one walker per statement.
 */
final class TreeWalker {

  private final Touched touched = new Touched();

  /** What the walk has found so far. */
  Touched touched() {
    return touched;
  }

  /** Walks any part of a tree (a whole statement, a clause, a list). */
  void walk(JsonNode node) {
    walk(node, null);
  }

  /** Walks every field of {@code node} except {@code skipped}. */
  void walkExcept(JsonNode node, String skipped) {
    walkExcept(node, skipped, null);
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

  /** {@code COPY table (columns) … WHERE …}: the table with the columns copied. */
  void copyTable(JsonNode copy) {
    JsonNode relation = copy.get("relation");
    if (relation == null) {
      return;
    }
    TableUse table = touched.relation(relation);
    JsonNode columns = copy.get("attlist");
    if (columns == null || columns.isEmpty()) {
      table.everyColumn();
    } else {
      for (JsonNode column : columns) {
        table.column(Nodes.sval(column));
      }
    }
    JsonNode where = copy.get("whereClause");
    if (where != null) {
      QueryScope scope = new QueryScope(null);
      scope.table(table, Nodes.visibleName(relation));
      walk(where, scope);
    }
  }

  // --- the generic walk

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
      case "SelectStmt" -> select(value, scope);
      case "InsertStmt" -> insert(value, scope);
      case "UpdateStmt" -> update(value, scope);
      case "DeleteStmt" -> delete(value, scope);
      case "MergeStmt" -> merge(value, scope);
      case "ColumnRef" -> columnRef(value, scope);
      default -> walk(value, scope);
    }
  }

  private void walkExcept(JsonNode node, String skipped, QueryScope scope) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!field.getKey().equals(skipped) && field.getValue().isContainerNode()) {
        node(field.getKey(), field.getValue(), scope);
      }
    }
  }

  // --- query levels

  private void select(JsonNode select, QueryScope outer) {
    QueryScope scope = new QueryScope(outer);
    with(select.get("withClause"), scope);
    boolean setOperation = select.has("larg") || select.has("rarg");
    if (setOperation) {
      for (String side : new String[] {"larg", "rarg"}) {
        if (select.has(side)) {
          select(select.get(side), scope);
        }
      }
    } else if (select.has("fromClause")) {
      for (JsonNode item : select.get("fromClause")) {
        fromItem(item, scope);
      }
    }
    for (Map.Entry<String, JsonNode> field : select.properties()) {
      JsonNode value = field.getValue();
      switch (field.getKey()) {
        case "withClause", "fromClause", "larg", "rarg" -> {}
        // FOR UPDATE OF alias names aliases, not tables
        case "lockingClause" -> touched.locks();
        case "intoClause" -> {
          touched.creates();
          walk(value, scope);
        }
        case "sortClause" -> sort(value, select.get("targetList"), scope);
        default -> {
          if (value.isContainerNode()) {
            node(field.getKey(), value, scope);
          }
        }
      }
    }
  }

  private void insert(JsonNode insert, QueryScope outer) {
    touched.modifies();
    QueryScope scope = new QueryScope(outer);
    with(insert.get("withClause"), scope);
    JsonNode relation = insert.get("relation");
    TableUse target = touched.relation(relation);
    JsonNode columns = insert.get("cols");
    if (columns == null || columns.isEmpty()) {
      target.everyColumn(); // positional: which columns get values depends on the table
    } else {
      assignments(columns, target, scope);
    }
    if (insert.has("selectStmt")) {
      walk(insert.get("selectStmt"), scope);
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
      walkExcept(conflict, "targetList", scope);
    }
    walkRest(insert, scope, "withClause", "relation", "cols", "selectStmt", "onConflictClause");
  }

  private void update(JsonNode update, QueryScope outer) {
    touched.modifies();
    QueryScope scope = target(update, outer);
    TableUse target = touched.relation(update.get("relation"));
    fromItems(update.get("fromClause"), scope);
    assignments(update.get("targetList"), target, scope);
    walkRest(update, scope, "withClause", "relation", "fromClause", "targetList");
  }

  private void delete(JsonNode delete, QueryScope outer) {
    touched.modifies();
    QueryScope scope = target(delete, outer);
    // a deleted row loses every column, whatever the condition names
    touched.relation(delete.get("relation")).everyColumn();
    fromItems(delete.get("usingClause"), scope);
    walkRest(delete, scope, "withClause", "relation", "usingClause");
  }

  private void merge(JsonNode merge, QueryScope outer) {
    touched.modifies();
    QueryScope scope = target(merge, outer);
    TableUse target = touched.relation(merge.get("relation"));
    if (merge.has("sourceRelation")) {
      fromItem(merge.get("sourceRelation"), scope);
    }
    if (merge.has("joinCondition")) {
      walk(merge.get("joinCondition"), scope);
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
      walkExcept(when, "targetList", scope);
    }
    walkRest(
        merge,
        scope,
        "withClause",
        "relation",
        "sourceRelation",
        "joinCondition",
        "mergeWhenClauses");
  }

  /** The scope of a data-modifying statement, with its target table in it. */
  private QueryScope target(JsonNode statement, QueryScope outer) {
    QueryScope scope = new QueryScope(outer);
    with(statement.get("withClause"), scope);
    JsonNode relation = statement.get("relation");
    scope.table(touched.relation(relation), Nodes.visibleName(relation));
    return scope;
  }

  private void with(JsonNode with, QueryScope scope) {
    if (with == null) {
      return;
    }
    JsonNode ctes = with.path("ctes");
    if (with.path("recursive").asBoolean(false)) {
      for (JsonNode cte : ctes) {
        scope.cte(cte.path("CommonTableExpr").path("ctename").asText(""));
      }
    }
    for (JsonNode item : ctes) {
      JsonNode cte = item.path("CommonTableExpr");
      if (cte.has("ctequery")) {
        walk(cte.get("ctequery"), scope);
      }
      scope.cte(cte.path("ctename").asText(""));
    }
  }

  private void fromItems(JsonNode items, QueryScope scope) {
    if (items != null) {
      for (JsonNode item : items) {
        fromItem(item, scope);
      }
    }
  }

  /** One {@code FROM} item; returns the tables it brings into the level. */
  private List<TableUse> fromItem(JsonNode item, QueryScope scope) {
    JsonNode node;
    if ((node = item.get("RangeVar")) != null) {
      return rangeVar(node, scope);
    }
    if ((node = item.get("JoinExpr")) != null) {
      return join(node, scope);
    }
    if ((node = item.get("RangeTableSample")) != null && node.has("relation")) {
      List<TableUse> tables = fromItem(node.get("relation"), scope);
      walkExcept(node, "relation", scope);
      return tables;
    }
    // subqueries, functions, XMLTABLE, and whatever comes next: walked, named, no tables of their
    // own
    walk(item, scope);
    for (Map.Entry<String, JsonNode> field : item.properties()) {
      String alias = field.getValue().path("alias").path("aliasname").asText("");
      if (!alias.isEmpty()) {
        scope.name(alias, List.of());
      }
    }
    return List.of();
  }

  private List<TableUse> rangeVar(JsonNode rangeVar, QueryScope scope) {
    String name = Nodes.text(rangeVar, "relname");
    String visible = Nodes.visibleName(rangeVar);
    if (!rangeVar.has("schemaname") && !rangeVar.has("catalogname") && scope.isCte(name)) {
      scope.name(visible, List.of());
      return List.of();
    }
    TableUse table = touched.relation(rangeVar);
    if (rangeVar.path("alias").has("colnames")) {
      table.everyColumn(); // t AS x(a, b) renames columns by position: names no longer say which
    }
    scope.table(table, visible);
    return List.of(table);
  }

  private List<TableUse> join(JsonNode join, QueryScope scope) {
    List<TableUse> tables = new ArrayList<>(fromItem(join.get("larg"), scope));
    tables.addAll(fromItem(join.get("rarg"), scope));
    for (JsonNode column : join.path("usingClause")) {
      String name = Nodes.sval(column);
      tables.forEach(table -> table.column(name));
    }
    if (join.path("isNatural").asBoolean(false)) {
      tables.forEach(TableUse::everyColumn);
    }
    if (join.has("quals")) {
      walk(join.get("quals"), scope);
    }
    for (String aliasField : new String[] {"alias", "join_using_alias"}) {
      String alias = join.path(aliasField).path("aliasname").asText("");
      if (!alias.isEmpty()) {
        scope.name(alias, List.copyOf(tables));
      }
    }
    return tables;
  }

  private void columnRef(JsonNode columnRef, QueryScope scope) {
    JsonNode fields = columnRef.path("fields");
    int count = fields.size();
    if (scope == null || count == 0) {
      return;
    }
    JsonNode last = fields.get(count - 1);
    boolean star = last.has("A_Star");
    if (count == 1) {
      if (star) {
        scope.everyColumn();
      } else {
        scope.unqualified(Nodes.sval(last));
      }
      return;
    }
    List<TableUse> named = scope.resolve(Nodes.sval(fields.get(count - 2)));
    if (named == null) {
      scope.everyColumn(); // PostgreSQL would refuse it; the gateway cannot place it
      return;
    }
    for (TableUse table : named) {
      if (star) {
        table.everyColumn();
      } else {
        table.column(Nodes.sval(last));
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
      walk(item, scope);
    }
  }

  /** {@code SET a = …}, {@code INSERT (a, b)}: the target's columns, and the values walked. */
  private void assignments(JsonNode targetList, TableUse target, QueryScope scope) {
    if (targetList == null) {
      return;
    }
    for (JsonNode item : targetList) {
      JsonNode target0 = item.path("ResTarget");
      String name = target0.path("name").asText("");
      if (!name.isEmpty()) {
        target.column(name);
      }
      for (String part : new String[] {"val", "indirection"}) {
        if (target0.has(part)) {
          walk(target0.get(part), scope);
        }
      }
    }
  }

  private void walkRest(JsonNode statement, QueryScope scope, String... handled) {
    for (Map.Entry<String, JsonNode> field : statement.properties()) {
      if (field.getValue().isContainerNode() && !contains(handled, field.getKey())) {
        node(field.getKey(), field.getValue(), scope);
      }
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
