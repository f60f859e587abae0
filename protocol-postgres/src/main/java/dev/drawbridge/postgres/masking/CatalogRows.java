package dev.drawbridge.postgres.masking;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the gateway reads from an upstream's catalog to know which result columns are masked.
 *
 * @param columns every column of every table, view and foreign table outside the system schemas
 * @param dependencies what each view's query reads, column by column
 * @param inheritance which tables are partitions or children of which ({@code pg_inherits})
 * @param viewsRunningCode views whose query calls functions the gateway does not know to be
 *     harmless (what such a function reads is invisible to the catalog)
 * @param viewQueries the stored query ({@code pg_rewrite.ev_action}) of each view that reads masked
 *     data, by the view's OID; read in a second step, once those views are known
 */
record CatalogRows(
    List<ColumnRow> columns,
    List<Dependency> dependencies,
    List<Inheritance> inheritance,
    Set<Long> viewsRunningCode,
    Map<Long, String> viewQueries) {

  CatalogRows {
    columns = List.copyOf(columns);
    dependencies = List.copyOf(dependencies);
    inheritance = List.copyOf(inheritance);
    viewsRunningCode = Set.copyOf(viewsRunningCode);
    viewQueries = Map.copyOf(viewQueries);
  }

  /** Rows without views that run code. */
  CatalogRows(
      List<ColumnRow> columns,
      List<Dependency> dependencies,
      List<Inheritance> inheritance,
      Map<Long, String> viewQueries) {
    this(columns, dependencies, inheritance, Set.of(), viewQueries);
  }

  /** Rows without inheritance, for catalogs (and tests) that have none. */
  CatalogRows(
      List<ColumnRow> columns, List<Dependency> dependencies, Map<Long, String> viewQueries) {
    this(columns, dependencies, List.of(), Set.of(), viewQueries);
  }

  /** A partition or inheritance child and its parent. */
  record Inheritance(long child, long parent) {}

  /** One column of a relation. */
  record ColumnRow(long oid, String schema, String relation, int attnum, String column) {}

  /**
   * A view reads a column of a relation (a table or another view).
   *
   * @param column the column read, 0 when the whole relation is (a whole-row reference)
   */
  record Dependency(long view, long relation, int column) {}
}
