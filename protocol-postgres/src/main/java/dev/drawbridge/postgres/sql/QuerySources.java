package dev.drawbridge.postgres.sql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a query level reads from: its common table expressions ({@code WITH}) and its {@code FROM}
 * items, put in its {@link QueryScope} under the names they are visible as.
 *
 * <p>A subquery or a common table expression is an output level of its own; a function, {@code
 * XMLTABLE} or anything else computes its values, which lose their source ({@link Flow}). For each
 * item that is not a table it gathers the tables read inside it: a value taken from it may come
 * from any of them.
 */
final class QuerySources {

  /**
   * A {@code FROM} item's tables, what its subqueries, CTEs and functions read, and the names known
   * as columns of those (see {@link OutputNames}).
   */
  private record Source(List<TableUse> tables, Set<TableUse> readInside, Set<String> known) {}

  private final TreeWalker walker;
  private final Touched touched;

  QuerySources(TreeWalker walker, Touched touched) {
    this.walker = walker;
    this.touched = touched;
  }

  /**
   * {@code WITH …}: each query walked as an output level of its own (in {@code WITH RECURSIVE}, one
   * whose values all lose their source), remembering the tables read inside it.
   */
  void with(JsonNode with, QueryScope scope) {
    if (with == null) {
      return;
    }
    JsonNode ctes = with.path("ctes");
    boolean recursive = with.path("recursive").asBoolean(false);
    if (recursive) {
      for (JsonNode item : ctes) {
        JsonNode cte = item.path("CommonTableExpr");
        scope.cte(cte.path("ctename").asText(""), new LinkedHashSet<>(), outputs(cte));
      }
    }
    Flow values = recursive ? walker.flow().branch() : walker.flow().subquery();
    for (JsonNode item : ctes) {
      JsonNode cte = item.path("CommonTableExpr");
      String name = cte.path("ctename").asText("");
      Set<TableUse> read = recursive ? scope.cte(name) : new LinkedHashSet<>();
      if (cte.has("ctequery")) {
        readInside(read, cte.get("ctequery"), scope, values);
      }
      scope.cte(name, read, outputs(cte));
    }
  }

  void fromItems(JsonNode items, QueryScope scope) {
    if (items != null) {
      for (JsonNode item : items) {
        fromItem(item, scope);
      }
    }
  }

  /** One {@code FROM} item, walked with the level's flow. */
  void fromItem(JsonNode item, QueryScope scope) {
    item(item, scope);
  }

  private Source item(JsonNode item, QueryScope scope) {
    JsonNode node;
    if ((node = item.get("RangeVar")) != null) {
      return rangeVar(node, scope);
    }
    if ((node = item.get("JoinExpr")) != null) {
      return join(node, scope);
    }
    Flow level = walker.flow();
    if ((node = item.get("RangeTableSample")) != null && node.has("relation")) {
      Source sampled = item(node.get("relation"), scope);
      walker.walkRest(node, scope, level.filtering(), "relation");
      return sampled;
    }
    // functions, XMLTABLE and whatever comes next compute their values
    return opaque(item, scope, item.has("RangeSubselect") ? level.subquery() : level.computed());
  }

  private Source rangeVar(JsonNode rangeVar, QueryScope scope) {
    String name = Nodes.text(rangeVar, "relname");
    String visible = Nodes.visibleName(rangeVar);
    Set<TableUse> cte =
        rangeVar.has("schemaname") || rangeVar.has("catalogname") ? null : scope.cte(name);
    if (cte != null) {
      JsonNode renames = rangeVar.path("alias").get("colnames");
      Set<String> known = OutputNames.known(OutputNames.renamed(scope.cteColumns(name), renames));
      scope.source(visible, cte, known);
      touched.readThrough(cte);
      return new Source(List.of(), cte, known);
    }
    TableUse table = touched.relation(rangeVar);
    if (rangeVar.path("alias").has("colnames")) {
      table.everyColumn(); // t AS x(a, b) renames columns by position: names no longer say which
      table.renamed();
    }
    scope.table(table, visible);
    return new Source(List.of(table), Set.of(), Set.of());
  }

  private Source join(JsonNode join, QueryScope scope) {
    Source left = item(join.get("larg"), scope);
    Source right = item(join.get("rarg"), scope);
    List<TableUse> tables = new ArrayList<>(left.tables());
    tables.addAll(right.tables());
    Set<TableUse> read = new LinkedHashSet<>(left.readInside());
    read.addAll(right.readInside());
    Set<String> known = new HashSet<>(left.known());
    known.addAll(right.known());
    Set<String> using = new HashSet<>(4);
    for (JsonNode column : join.path("usingClause")) {
      String name = Nodes.sval(column);
      using.add(name);
      tables.forEach(table -> table.column(name));
    }
    boolean natural = join.path("isNatural").asBoolean(false);
    if (natural) {
      tables.forEach(TableUse::everyColumn);
    }
    if ("JOIN_FULL".equals(join.path("jointype").asText("")) && (natural || !using.isEmpty())) {
      scope.merged(natural ? null : using, tables, read); // merged: COALESCE(l.c, r.c)
    }
    if (join.has("quals")) {
      walker.walk(join.get("quals"), scope, walker.flow().filtering());
    }
    String alias = join.path("alias").path("aliasname").asText("");
    if (!alias.isEmpty()) {
      // j(a, b) renames the join's first columns, whose order is not known here: only a, b are sure
      JsonNode renames = join.path("alias").get("colnames");
      Set<String> named =
          renames == null ? known : OutputNames.known(OutputNames.renamed(List.of(), renames));
      scope.join(alias, List.copyOf(tables), read, named);
    }
    String usingAlias = join.path("join_using_alias").path("aliasname").asText("");
    if (!usingAlias.isEmpty()) {
      scope.join(usingAlias, List.copyOf(tables), read, using); // it has the USING columns only
    }
    return new Source(tables, read, known);
  }

  /**
   * A {@code FROM} item that is not a table: walked, named, no tables of its own. A subquery's
   * column names are its output columns'; a function's are not known unless its alias lists them.
   */
  private Source opaque(JsonNode item, QueryScope scope, Flow values) {
    Set<TableUse> read = readInside(new LinkedHashSet<>(), item, scope, values);
    String alias = "";
    JsonNode renames = null;
    for (Map.Entry<String, JsonNode> field : item.properties()) {
      JsonNode aliasNode = field.getValue().path("alias");
      String name = aliasNode.path("aliasname").asText("");
      if (!name.isEmpty()) {
        alias = name;
        renames = aliasNode.get("colnames");
      }
    }
    JsonNode subquery = item.path("RangeSubselect").get("subquery");
    List<String> outputs = subquery == null ? List.of() : OutputNames.of(subquery);
    Set<String> known = OutputNames.known(OutputNames.renamed(outputs, renames));
    scope.source(alias, read, known);
    return new Source(List.of(), read, known);
  }

  /** A common table expression's output columns, renamed by its column list ({@code w(a, b)}). */
  private static List<String> outputs(JsonNode cte) {
    JsonNode query = cte.get("ctequery");
    List<String> outputs = query == null ? List.of() : OutputNames.of(query);
    return OutputNames.renamed(outputs, cte.get("aliascolnames"));
  }

  /** Walks an item or a CTE's query, gathering the tables read inside it in {@code read}. */
  private Set<TableUse> readInside(
      Set<TableUse> read, JsonNode node, QueryScope scope, Flow values) {
    Set<TableUse> enclosing = touched.gather(read);
    walker.walk(node, scope, values);
    touched.gather(enclosing);
    if (enclosing != null && enclosing != read) {
      enclosing.addAll(read);
    }
    return read;
  }
}
