package dev.drawbridge.core.masking;

import java.util.Objects;

/**
 * A column rule's name, compiled once: {@code schema.table.column}, compared case-sensitively with
 * the qualified name a protocol reports (PostgreSQL's own names: unquoted identifiers folded to
 * lowercase).
 *
 * <p>A name without {@code *} is compared exactly, whole. With {@code *}, the name has exactly
 * three dot-separated parts, each matched against its part of the column's name, where {@code *}
 * matches any run of characters. A column whose identifiers contain dots can be read as parts in
 * more than one way; it matches when any reading does, so that masking errs towards masking.
 */
final class ColumnPattern {

  private final String text;
  private final String[] parts; // null for an exact name

  private ColumnPattern(String text, String[] parts) {
    this.text = text;
    this.parts = parts;
  }

  /**
   * @throws IllegalArgumentException when the name is not {@code schema.table.column}
   */
  static ColumnPattern parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a column must not be empty");
    }
    int first = text.indexOf('.');
    int last = text.lastIndexOf('.');
    boolean qualified = first > 0 && last > first + 1 && last < text.length() - 1;
    if (text.indexOf('*') < 0) {
      if (!qualified) {
        throw new IllegalArgumentException(
            "column '" + text + "' must be qualified as schema.table.column");
      }
      return new ColumnPattern(text, null);
    }
    if (!qualified || text.indexOf('.', first + 1) != last) {
      throw new IllegalArgumentException(
          "column glob '"
              + text
              + "' must have three parts, schema.table.column (*.*.email names every email column)");
    }
    return new ColumnPattern(
        text,
        new String[] {
          text.substring(0, first), text.substring(first + 1, last), text.substring(last + 1)
        });
  }

  /**
   * Whether the column {@code qualified} ({@code schema.table.column}) is named by this pattern.
   */
  boolean matches(String qualified) {
    Objects.requireNonNull(qualified, "qualified");
    if (parts == null) {
      return text.equals(qualified);
    }
    for (int first = qualified.indexOf('.');
        first >= 0;
        first = qualified.indexOf('.', first + 1)) {
      if (!glob(parts[0], qualified, 0, first)) {
        continue;
      }
      for (int last = qualified.lastIndexOf('.');
          last > first;
          last = qualified.lastIndexOf('.', last - 1)) {
        if (glob(parts[1], qualified, first + 1, last)
            && glob(parts[2], qualified, last + 1, qualified.length())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code pattern} matches {@code value[start, end)}: {@code *} any run, every other
   * character itself. Greedy with one backtrack point, so it is linear in practice.
   */
  static boolean glob(String pattern, String value, int start, int end) {
    int p = 0;
    int v = start;
    int star = -1;
    int resume = start;
    while (v < end) {
      if (p < pattern.length()
          && pattern.charAt(p) != '*'
          && pattern.charAt(p) == value.charAt(v)) {
        p++;
        v++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = v;
      } else if (star >= 0) {
        p = star + 1;
        v = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  @Override
  public String toString() {
    return text;
  }
}
