package dev.drawbridge.postgres.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One query level while its tree is walked: the tables of its {@code FROM} list, the names they are
 * visible under, the common table expressions it declares, and the level around it (a subquery sees
 * its outer queries' names).
 */
final class QueryScope {

  private final QueryScope outer;
  private final List<TableUse> tables = new ArrayList<>(4);
  private final Map<String, List<TableUse>> names = new HashMap<>(8);
  private Set<String> ctes;

  QueryScope(QueryScope outer) {
    this.outer = outer;
  }

  /** A table of this level's {@code FROM} list, visible as {@code visibleName}. */
  void table(TableUse table, String visibleName) {
    tables.add(table);
    names.put(visibleName, List.of(table));
  }

  /**
   * A {@code FROM} item that is not one table (a join with an alias, a subquery, a function), with
   * the tables behind it; a subquery's columns were already attributed inside it, so it has none.
   */
  void name(String visibleName, List<TableUse> behind) {
    names.put(visibleName, behind);
  }

  /** A common table expression this level declares. */
  void cte(String name) {
    if (ctes == null) {
      ctes = new HashSet<>(4);
    }
    ctes.add(name);
  }

  /** Whether an unqualified {@code FROM} name is a common table expression in scope here. */
  boolean isCte(String name) {
    for (QueryScope scope = this; scope != null; scope = scope.outer) {
      if (scope.ctes != null && scope.ctes.contains(name)) {
        return true;
      }
    }
    return false;
  }

  /** The tables a qualifier ({@code o} in {@code o.id}) names, innermost level first; or null. */
  List<TableUse> resolve(String qualifier) {
    for (QueryScope scope = this; scope != null; scope = scope.outer) {
      List<TableUse> found = scope.names.get(qualifier);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /**
   * An unqualified column: PostgreSQL binds it to whichever table of the innermost level that has
   * it, or of an outer level (a correlated reference). Not knowing the tables' columns, the gateway
   * attaches it to every table of this level and of every outer level. A name that is also a
   * table's visible name may be a whole-row reference, so that table counts as read entirely.
   */
  void unqualified(String column) {
    for (QueryScope scope = this; scope != null; scope = scope.outer) {
      for (int i = 0; i < scope.tables.size(); i++) {
        scope.tables.get(i).column(column);
      }
      List<TableUse> row = scope.names.get(column);
      if (row != null) {
        row.forEach(TableUse::everyColumn);
      }
    }
  }

  /** {@code *}, or a reference the gateway cannot place: every column of this level's tables. */
  void everyColumn() {
    tables.forEach(TableUse::everyColumn);
  }
}
