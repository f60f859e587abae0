package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.Resource;
import dev.drawbridge.postgres.masking.CatalogSnapshot;
import dev.drawbridge.postgres.masking.MaskedRelation;
import dev.drawbridge.postgres.masking.SourceMasking;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which uses of masked columns a statement may not make, and why. The gateway masks a column's
 * values where PostgreSQL reports where a result column comes from: a plain column reference. A
 * masked column used where its values come out without that lineage (inside an expression, a union,
 * a copy into a table or file) would reach the agent unmasked, and a view column computed from
 * masked data cannot be masked at all; statements that do either are refused.
 */
final class MaskedUses {

  private MaskedUses() {}

  /**
   * Why a statement may not use {@code table} as it does, or null when it may.
   *
   * @param table a table resource, its schema resolved; no columns stands for every column
   * @param derived whether the columns are used where their lineage is lost
   */
  static String refusal(CatalogSnapshot snapshot, Resource.Table table, boolean derived) {
    Optional<MaskedRelation> relation = snapshot.relation(table.schema(), table.name());
    if (relation.isEmpty()) {
      return null;
    }
    if (table.columns().isEmpty()) {
      for (Map.Entry<String, SourceMasking> column : relation.get().byName().entrySet()) {
        String why = refusal(relation.get(), column.getKey(), column.getValue(), derived);
        if (why != null) {
          return why;
        }
      }
      return null;
    }
    for (String name : table.columns()) {
      Optional<SourceMasking> column = relation.get().column(name);
      if (column.isPresent()) {
        String why = refusal(relation.get(), name, column.get(), derived);
        if (why != null) {
          return why;
        }
      }
    }
    return null;
  }

  /**
   * Catalog relations that hold samples of column values (most common values, histograms): on a
   * connection that masks columns no grant opens them, since they would show masked values.
   */
  private static final Set<String> COLUMN_STATISTICS =
      Set.of(
          "pg_statistic",
          "pg_statistic_ext_data",
          "pg_stats",
          "pg_stats_ext",
          "pg_stats_ext_exprs");

  /** Why {@code table} may not be read on this connection because it samples values, or null. */
  static String statistics(CatalogSnapshot snapshot, Resource.Table table) {
    if (snapshot.size() == 0
        || !table.schema().equals("pg_catalog")
        || !COLUMN_STATISTICS.contains(table.name())) {
      return null;
    }
    return table.qualifiedName()
        + " holds samples of column values, and this connection masks columns, so no grant opens"
        + " it here";
  }

  /** Columns every table has, which the catalog's list of a table's columns leaves out. */
  private static final Set<String> SYSTEM_COLUMNS =
      Set.of("ctid", "xmin", "xmax", "cmin", "cmax", "tableoid");

  /**
   * Why a statement that names {@code table} (its schema resolved) may not, because a name it
   * qualifies with the table is no column of it: PostgreSQL reads {@code c.f} as {@code f(c)}, a
   * function of the whole row ({@code c.to_jsonb}, {@code c.concat}), which would show its masked
   * columns. A name that is a column of another table of the statement the catalog knows is not
   * counted (an unqualified column is listed under every table of its query). Null when it may.
   *
   * @param others the statement's other tables
   */
  static String wholeRowCall(
      CatalogSnapshot snapshot, Resource.Table table, List<Resource.Table> others) {
    if (snapshot.relation(table.schema(), table.name()).isEmpty()) {
      return null;
    }
    Optional<Set<String>> columns = snapshot.columns(table.schema(), table.name());
    if (columns.isEmpty()) {
      return null;
    }
    for (String name : table.columns()) {
      if (columns.get().contains(name) || SYSTEM_COLUMNS.contains(name)) {
        continue;
      }
      boolean elsewhere =
          others.stream()
              .anyMatch(
                  other ->
                      other != table
                          && snapshot
                              .columns(other.schema(), other.name())
                              .map(c -> c.contains(name))
                              .orElse(false));
      if (!elsewhere) {
        return name
            + " is no column of "
            + table.qualifiedName()
            + ", so PostgreSQL would read it as "
            + name
            + "() of the whole row, whose masked columns would come out unmasked; name the"
            + " table's columns instead";
      }
    }
    return null;
  }

  /** Whether {@code table} (its schema resolved) names a masked column, or every column of one. */
  static boolean touches(CatalogSnapshot snapshot, Resource.Table table) {
    Optional<MaskedRelation> relation = snapshot.relation(table.schema(), table.name());
    return relation.isPresent()
        && (table.columns().isEmpty()
            || table.columns().stream().anyMatch(c -> relation.get().column(c).isPresent()));
  }

  private static String refusal(
      MaskedRelation relation, String column, SourceMasking masking, boolean derived) {
    return switch (masking) {
      case SourceMasking.Withheld withheld ->
          withheld.reason()
              + ", so the gateway cannot mask it and statements that read it are refused; name"
              + " only other columns, or ask for a masking rule that names "
              + relation.qualifiedName()
              + "."
              + column;
      case SourceMasking.Masked masked when derived ->
          "column "
              + relation.qualifiedName()
              + "."
              + column
              + " is masked"
              + (masked.rule().equals(relation.qualifiedName() + "." + column)
                  ? ""
                  : " (it shows " + masked.rule() + ")")
              + ", and this statement uses it where its values would come out unmasked (in an"
              + " expression, a union, a copy or a value stored elsewhere); select it as a plain"
              + " column to see it masked, or ask for unmasked access to it";
      case SourceMasking.Masked masked -> null;
    };
  }
}
