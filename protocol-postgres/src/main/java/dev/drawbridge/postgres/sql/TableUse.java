package dev.drawbridge.postgres.sql;

import dev.drawbridge.core.model.Resource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One table a statement touches and the columns it references, gathered while its tree is walked.
 * Once every column may be touched ({@code *}, a whole-row reference, a positional {@code INSERT},
 * a {@code DELETE}) the column list is dropped: an empty list stands for every column.
 */
final class TableUse {

  private final String schema;
  private final String name;
  private final Set<String> columns = new LinkedHashSet<>();
  private boolean everyColumn;

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

  Resource.Table resource() {
    return new Resource.Table(schema, name, everyColumn ? List.of() : List.copyOf(columns));
  }
}
