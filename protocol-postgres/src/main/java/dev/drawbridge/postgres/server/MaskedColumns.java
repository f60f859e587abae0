package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.Resource;
import java.util.List;
import java.util.Set;

/**
 * The columns a connection's masking rules name ({@code schema.table.column}, each part may use
 * {@code *}), and which of them a table resource touches. Until results are masked, a statement
 * that touches one is refused.
 */
final class MaskedColumns {

  private record Pattern(String schema, String table, String column) {}

  private final List<Pattern> patterns;

  MaskedColumns(Set<String> columns) {
    this.patterns =
        columns.stream()
            .map(c -> c.split("\\.", -1))
            .filter(parts -> parts.length == 3)
            .map(parts -> new Pattern(parts[0], parts[1], parts[2]))
            .toList();
  }

  /**
   * The first masked column {@code table} touches, as {@code schema.table.column}: a named column a
   * rule covers, or, when the resource names no columns (every column), any column of it a rule
   * covers. Null when none.
   */
  String touchedBy(Resource.Table table) {
    for (Pattern pattern : patterns) {
      if (!matches(pattern.schema(), table.schema()) || !matches(pattern.table(), table.name())) {
        continue;
      }
      if (table.columns().isEmpty()) {
        return table.qualifiedName() + "." + pattern.column();
      }
      for (String column : table.columns()) {
        if (matches(pattern.column(), column)) {
          return table.qualifiedName() + "." + column;
        }
      }
    }
    return null;
  }

  /** {@code *} matches any run of characters; everything else matches itself. */
  static boolean matches(String glob, String value) {
    return matches(glob, 0, value, 0);
  }

  private static boolean matches(String glob, int g, String value, int v) {
    while (g < glob.length()) {
      char c = glob.charAt(g);
      if (c == '*') {
        for (int k = v; k <= value.length(); k++) {
          if (matches(glob, g + 1, value, k)) {
            return true;
          }
        }
        return false;
      }
      if (v >= value.length() || value.charAt(v) != c) {
        return false;
      }
      g++;
      v++;
    }
    return v == value.length();
  }
}
