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
 *
 * <p>For derived uses (see {@link Flow}) it also knows what the items that are not tables read: a
 * value taken from a subquery, a common table expression or a function in {@code FROM} may come
 * from any column of any table read inside it. It also knows the names of those items' columns, as
 * far as {@link OutputNames} tells them: {@code s.f} with {@code f} not among them is a function of
 * {@code s}'s whole row.
 */
final class QueryScope {

  /**
   * A {@code FULL JOIN}'s merged columns ({@code null} for {@code NATURAL}: not known), its tables,
   * and what its subqueries, CTEs and functions read.
   */
  private record Merge(Set<String> columns, List<TableUse> tables, Set<TableUse> readInside) {}

  private final QueryScope outer;
  private final List<TableUse> tables = new ArrayList<>(4);
  private final Map<String, List<TableUse>> names = new HashMap<>(8);
  private Map<String, Set<TableUse>> ctes;
  private Map<String, List<String>> cteColumns; // a CTE's output columns (see OutputNames)
  private Map<String, Set<TableUse>> inside; // visible name: what that item reads inside it
  private Map<String, Set<String>> columns; // visible name: the names known as that item's columns
  private List<Set<TableUse>> opaque; // what each subquery, CTE or function of the level reads
  private Set<String> joinAliases;
  private List<Merge> merges;

  QueryScope(QueryScope outer) {
    this.outer = outer;
  }

  /** A table of this level's {@code FROM} list, visible as {@code visibleName}. */
  void table(TableUse table, String visibleName) {
    tables.add(table);
    names.put(visibleName, List.of(table));
    if (columns != null) {
      columns.remove(visibleName);
    }
  }

  /** An alias for the tables behind it, of a join with an alias or of {@code excluded}. */
  void name(String visibleName, List<TableUse> behind) {
    names.put(visibleName, behind);
    if (columns != null) {
      columns.remove(visibleName);
    }
  }

  /**
   * A join visible as {@code visibleName}, with its tables, what its subqueries, common table
   * expressions and functions read, and the names known as its columns.
   */
  void join(
      String visibleName, List<TableUse> joined, Set<TableUse> readInside, Set<String> known) {
    names.put(visibleName, joined);
    inside().put(visibleName, readInside);
    columns().put(visibleName, known);
    if (joinAliases == null) {
      joinAliases = new HashSet<>(2);
    }
    joinAliases.add(visibleName);
  }

  /**
   * A {@code FROM} item that is not a table (a subquery, a common table expression, a function),
   * visible as {@code visibleName} (empty when it has no name), with the tables read inside it and
   * the names known as its columns. Its columns were attributed inside it, so for resources it
   * names no table.
   */
  void source(String visibleName, Set<TableUse> readInside, Set<String> known) {
    if (!visibleName.isEmpty()) {
      names.put(visibleName, List.of());
      inside().put(visibleName, readInside);
      columns().put(visibleName, known);
    }
    if (opaque == null) {
      opaque = new ArrayList<>(2);
    }
    opaque.add(readInside);
  }

  /**
   * Columns a {@code FULL JOIN} of {@code joined} (and of items that read {@code readInside})
   * merges from both sides ({@code USING}); null for {@code NATURAL}, whose columns the gateway
   * does not know.
   */
  void merged(Set<String> columns, List<TableUse> joined, Set<TableUse> readInside) {
    if (merges == null) {
      merges = new ArrayList<>(1);
    }
    merges.add(new Merge(columns, List.copyOf(joined), readInside));
  }

  /**
   * A common table expression this level declares, with the tables read inside it and its output
   * columns (see {@link OutputNames}).
   */
  void cte(String name, Set<TableUse> readInside, List<String> outputs) {
    if (ctes == null) {
      ctes = new HashMap<>(4);
      cteColumns = new HashMap<>(4);
    }
    ctes.put(name, readInside);
    cteColumns.put(name, outputs);
  }

  /** What an unqualified {@code FROM} name reads when it is a common table expression; or null. */
  Set<TableUse> cte(String name) {
    for (QueryScope scope = this; scope != null; scope = scope.outer) {
      Set<TableUse> found = scope.ctes == null ? null : scope.ctes.get(name);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /**
   * The output columns of the common table expression an unqualified {@code FROM} name is (see
   * {@link OutputNames}); call only when {@link #cte(String)} found it.
   */
  List<String> cteColumns(String name) {
    for (QueryScope scope = this; scope != null; scope = scope.outer) {
      if (scope.ctes != null && scope.ctes.containsKey(name)) {
        return scope.cteColumns.get(name);
      }
    }
    return List.of();
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

  // --- derived uses

  /**
   * A derived use of an unqualified column, as {@link #unqualified} places it; a value of a
   * subquery, CTE or function may be any column read inside it, and a whole row every column.
   */
  void derivedUnqualified(String column) {
    for (QueryScope scope = this; scope != null; scope = scope.outer) {
      for (int i = 0; i < scope.tables.size(); i++) {
        scope.tables.get(i).derivedColumn(column);
      }
      scope.everyOpaqueColumnDerived();
      scope.wholeRowDerived(column);
    }
  }

  /**
   * A derived use of {@code qualifier.column}, or of {@code qualifier.*} when {@code column} is
   * null; false when nothing is visible under {@code qualifier}.
   */
  boolean derivedQualified(String qualifier, String column) {
    for (QueryScope scope = this; scope != null; scope = scope.outer) {
      List<TableUse> found = scope.names.get(qualifier);
      if (found != null) {
        for (TableUse table : found) {
          if (column == null) {
            table.derivedEveryColumn();
          } else {
            table.derivedColumn(column);
          }
        }
        Set<TableUse> behind = scope.inside == null ? null : scope.inside.get(qualifier);
        if (behind != null) {
          behind.forEach(TableUse::derivedEveryColumn);
        }
        return true;
      }
    }
    return false;
  }

  /**
   * {@code qualifier.name} where {@code qualifier} is a subquery, a common table expression, a
   * function or a join with those in it, and {@code name} is not known as one of its columns:
   * PostgreSQL reads it as {@code name(qualifier)}, a function of the whole row, whose value has no
   * source, so every column read inside that item is a derived use. A table's own columns are
   * checked against the catalog elsewhere.
   */
  void notAColumn(String qualifier, String name) {
    for (QueryScope scope = this; scope != null; scope = scope.outer) {
      if (scope.names.containsKey(qualifier)) {
        Set<String> known = scope.columns == null ? null : scope.columns.get(qualifier);
        if (known != null && !known.contains(name)) {
          scope.inside.get(qualifier).forEach(TableUse::derivedEveryColumn);
        }
        return;
      }
    }
  }

  /** A derived {@code *}: every column of this level's tables and of what its items read. */
  void derivedEveryColumn() {
    tables.forEach(TableUse::derivedEveryColumn);
    everyOpaqueColumnDerived();
  }

  /** A derived use the gateway cannot place: every column of everything every level reads. */
  void derivedAnything() {
    for (QueryScope scope = this; scope != null; scope = scope.outer) {
      scope.derivedEveryColumn();
    }
  }

  /**
   * A plain output column that is a single name: if it names a table or an item of any level, it
   * may be a whole-row reference, which PostgreSQL reports without a source.
   */
  void wholeRow(String name) {
    for (QueryScope scope = this; scope != null; scope = scope.outer) {
      scope.wholeRowDerived(name);
    }
  }

  /**
   * A plain output column ({@code column} null for {@code *}; {@code qualifier} null when
   * unqualified) that may be a column a {@code FULL JOIN} merged from both sides: PostgreSQL
   * reports no source for those.
   */
  void mergedOutput(String qualifier, String column) {
    for (QueryScope scope = this; scope != null; scope = scope.outer) {
      if (scope.merges == null
          || (qualifier != null
              && (scope.joinAliases == null || !scope.joinAliases.contains(qualifier)))) {
        continue;
      }
      List<TableUse> named = qualifier == null ? null : scope.names.get(qualifier);
      for (Merge merge : scope.merges) {
        if (named == null || named.containsAll(merge.tables())) {
          merge(merge, column);
        }
      }
    }
  }

  private static void merge(Merge merge, String column) {
    if (column == null || merge.columns() == null || merge.columns().contains(column)) {
      merge.readInside().forEach(TableUse::derivedEveryColumn);
    }
    for (TableUse table : merge.tables()) {
      if (merge.columns() == null && column == null) {
        table.derivedEveryColumn();
      } else if (column == null) {
        merge.columns().forEach(table::derivedColumn);
      } else if (merge.columns() == null || merge.columns().contains(column)) {
        table.derivedColumn(column);
      }
    }
  }

  private void wholeRowDerived(String name) {
    List<TableUse> row = names.get(name);
    if (row != null) {
      row.forEach(TableUse::derivedEveryColumn);
    }
    Set<TableUse> behind = inside == null ? null : inside.get(name);
    if (behind != null) {
      behind.forEach(TableUse::derivedEveryColumn);
    }
  }

  private void everyOpaqueColumnDerived() {
    if (opaque != null) {
      for (Set<TableUse> read : opaque) {
        read.forEach(TableUse::derivedEveryColumn);
      }
    }
  }

  private Map<String, Set<String>> columns() {
    if (columns == null) {
      columns = new HashMap<>(4);
    }
    return columns;
  }

  private Map<String, Set<TableUse>> inside() {
    if (inside == null) {
      inside = new HashMap<>(4);
    }
    return inside;
  }
}
