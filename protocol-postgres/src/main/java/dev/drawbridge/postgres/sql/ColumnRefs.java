package dev.drawbridge.postgres.sql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a {@code ColumnRef} ({@code c}, {@code t.c}, {@code s.t.c}, {@code *}, {@code t.*}) of a
 * query level uses: the columns it reads, and those whose values lose their lineage (see {@link
 * Flow}) when it is not a plain output column.
 */
final class ColumnRefs {

  private ColumnRefs() {}

  /** The columns a reference reads. */
  static void read(JsonNode columnRef, QueryScope scope) {
    JsonNode fields = columnRef.path("fields");
    int count = fields.size();
    if (count == 0) {
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

  /**
   * A reference in a value that loses its lineage: everything it may read is a derived use. A
   * qualifier that names nothing makes it a field of a composite column ({@code c.f}, {@code
   * t.c.f}).
   */
  static void derived(JsonNode columnRef, QueryScope scope) {
    JsonNode fields = columnRef.path("fields");
    int count = fields.size();
    if (count == 0) {
      return;
    }
    JsonNode last = fields.get(count - 1);
    boolean star = last.has("A_Star");
    if (count == 1) {
      if (star) {
        scope.derivedEveryColumn();
      } else {
        scope.derivedUnqualified(Nodes.sval(last));
      }
      return;
    }
    String qualifier = Nodes.sval(fields.get(count - 2));
    if (scope.derivedQualified(qualifier, star ? null : Nodes.sval(last))) {
      return;
    }
    if (count == 2) {
      scope.derivedUnqualified(qualifier);
    } else if (!scope.derivedQualified(Nodes.sval(fields.get(count - 3)), qualifier)) {
      scope.derivedAnything();
    }
  }

  /**
   * A reference whose value reaches a result or storage, even as a plain column: {@code s.f}, where
   * {@code s} is a subquery, a common table expression or a function and {@code f} not known as one
   * of its columns, is PostgreSQL's attribute notation for {@code f(s)}, a function of the whole
   * row, whose value has no source (see {@link QueryScope#notAColumn}).
   */
  static void reaching(JsonNode columnRef, QueryScope scope) {
    JsonNode fields = columnRef.path("fields");
    int count = fields.size();
    if (count >= 2 && !fields.get(count - 1).has("A_Star")) {
      scope.notAColumn(Nodes.sval(fields.get(count - 2)), Nodes.sval(fields.get(count - 1)));
    }
  }

  /**
   * A plain output column: PostgreSQL reports its source, except for a whole row ({@code SELECT c
   * FROM cust c}: the gateway cannot tell a column {@code c} from the table {@code c}, so it counts
   * as both), a column a {@code FULL JOIN} merged, and a field of a composite column.
   */
  static void output(JsonNode columnRef, QueryScope scope) {
    read(columnRef, scope);
    JsonNode fields = columnRef.path("fields");
    int count = fields.size();
    if (count == 0) {
      return;
    }
    JsonNode last = fields.get(count - 1);
    String column = last.has("A_Star") ? null : Nodes.sval(last);
    if (count == 1) {
      if (column != null) {
        scope.wholeRow(column);
      }
      scope.mergedOutput(null, column);
      return;
    }
    String qualifier = Nodes.sval(fields.get(count - 2));
    if (scope.resolve(qualifier) == null) {
      derived(columnRef, scope);
    } else {
      scope.mergedOutput(qualifier, column);
      reaching(columnRef, scope);
    }
  }
}
