package dev.drawbridge.postgres.sql;

import dev.drawbridge.core.model.Resource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One table a statement touches and the columns it references, gathered while its tree is walked.
 * Once every column may be touched ({@code *}, a whole-row reference, a positional {@code INSERT},
 * a {@code DELETE}) the column list is dropped: an empty list stands for every column.
 *
 * <p>Apart from those, the columns whose values reach a result or storage with their lineage lost
 * (see {@link Flow}), in the same form: its derived uses.
 */
final class TableUse {

  private final String schema;
  private final String name;
  private final Set<String> columns = new LinkedHashSet<>();
  private boolean everyColumn;
  private Set<String> derived; // null until the first derived use
  private boolean everyColumnDerived;
  private boolean renamed;

  TableUse(String schema, String name) {
    this.schema = schema;
    this.name = name;
  }

  void column(String column) {
    if (!everyColumn) {
      columns.add(column);
    }
  }

  void everyColumn() {
    everyColumn = true;
    columns.clear();
  }

  /**
   * The table is visible under column aliases somewhere ({@code t AS x(a, b)}): a column name no
   * longer says which column, so a derived use of any stands for every column.
   */
  void renamed() {
    renamed = true;
    if (derived != null) {
      derivedEveryColumn();
    }
  }

  /** A derived use of {@code column}. */
  void derivedColumn(String column) {
    if (renamed) {
      derivedEveryColumn();
    } else if (derived == null) {
      derived = new LinkedHashSet<>();
      derived.add(column);
    } else if (!everyColumnDerived) {
      derived.add(column);
    }
  }

  /** A derived use of every column. */
  void derivedEveryColumn() {
    everyColumnDerived = true;
    derived = Set.of();
  }

  Resource.Table resource() {
    return new Resource.Table(schema, name, everyColumn ? List.of() : List.copyOf(columns));
  }

  /** The derived uses, empty columns for every column; or null when there are none. */
  Resource.Table derived() {
    if (derived == null) {
      return null;
    }
    return new Resource.Table(schema, name, everyColumnDerived ? List.of() : List.copyOf(derived));
  }
}
