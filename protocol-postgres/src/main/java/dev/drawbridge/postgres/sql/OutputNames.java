package dev.drawbridge.postgres.sql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The names of a subquery's or a common table expression's output columns, as far as the gateway
 * can tell them from the tree: PostgreSQL reads {@code s.f} as the column {@code f} of {@code s}
 * when it has one, and otherwise as the call {@code f(s)} of a function on the whole row.
 *
 * <p>Names are only ever left out, never guessed: a column whose name is not figured here is a
 * {@code null} in its position, and a {@code *} makes every name unknown (an empty list), since how
 * many columns it brings, and so the positions after it, are not known. A name missing here makes a
 * reference to it count as a whole-row use, which is the safe side.
 */
final class OutputNames {

  private OutputNames() {}

  /**
   * The output columns of a query ({@code {"SelectStmt": …}}, or a data-modifying statement's
   * {@code RETURNING}), in order, {@code null} where the name is not figured; empty when unknown.
   */
  static List<String> of(JsonNode query) {
    JsonNode select = query.get("SelectStmt");
    if (select != null) {
      while (select.has("larg")) { // a set operation's columns are named by its first branch
        select = select.path("larg").path("SelectStmt");
      }
      return targets(select.get("targetList"));
    }
    for (String statement : new String[] {"InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt"}) {
      if (query.has(statement)) {
        return targets(query.get(statement).get("returningList"));
      }
    }
    return List.of();
  }

  /**
   * {@code columns} renamed by an alias's or a CTE's column list ({@code s(a, b)}): by position,
   * the first ones take the new names, the rest keep theirs.
   */
  static List<String> renamed(List<String> columns, JsonNode columnNames) {
    if (columnNames == null || columnNames.isEmpty()) {
      return columns;
    }
    List<String> renamed = new ArrayList<>(Math.max(columns.size(), columnNames.size()));
    for (JsonNode name : columnNames) {
      renamed.add(Nodes.sval(name));
    }
    for (int i = columnNames.size(); i < columns.size(); i++) {
      renamed.add(columns.get(i));
    }
    return renamed;
  }

  /** The names known among {@code columns}. */
  static Set<String> known(List<String> columns) {
    Set<String> names = new HashSet<>(columns.size() * 2);
    for (String column : columns) {
      if (column != null) {
        names.add(column);
      }
    }
    return names;
  }

  private static List<String> targets(JsonNode targetList) {
    if (targetList == null) {
      return List.of(); // VALUES: column1, column2 …; left unknown
    }
    List<String> names = new ArrayList<>(targetList.size());
    for (JsonNode item : targetList) {
      JsonNode target = item.path("ResTarget");
      String name = target.path("name").asText("");
      if (name.isEmpty()) {
        JsonNode star = target.path("val").path("ColumnRef").path("fields");
        if (!star.isEmpty() && star.get(star.size() - 1).has("A_Star")) {
          return List.of();
        }
        name = figured(target.path("val"));
      }
      names.add(name);
    }
    return names;
  }

  /**
   * The name PostgreSQL gives an unnamed output column, for the shapes whose rule is certain (its
   * {@code FigureColname}): a column's name, a function's name, through casts; else null.
   */
  private static String figured(JsonNode value) {
    JsonNode node;
    if ((node = value.get("ColumnRef")) != null) {
      JsonNode fields = node.path("fields");
      String last = fields.isEmpty() ? "" : Nodes.sval(fields.get(fields.size() - 1));
      return last.isEmpty() ? null : last;
    }
    if ((node = value.get("FuncCall")) != null) {
      String name = Nodes.function(node.path("funcname")).name();
      return name.isEmpty() ? null : name;
    }
    if ((node = value.get("TypeCast")) != null) {
      return figured(node.path("arg")); // a cast of anything else takes the type's name: not here
    }
    return null;
  }
}
