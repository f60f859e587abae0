package dev.drawbridge.postgres.masking;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each output column of a view comes from, read from the view's stored query ({@code
 * pg_rewrite.ev_action}, a {@code pg_node_tree}): PostgreSQL keeps, for every target entry, the
 * table and column a plain column reference came from ({@code resorigtbl}, {@code resorigcol}), and
 * 0 for anything computed.
 *
 * <p>Only the fields of the top-level query's target entries are read, in the order PostgreSQL
 * writes them (stable since 9.x); anything else in the text is skipped by its brackets. Text of
 * another shape is an {@link IllegalArgumentException}: the caller withholds the whole view then.
 */
final class ViewLineage {

  /**
   * One output column of a view.
   *
   * @param attnum the view's column number
   * @param table the source table's OID, 0 when the column is computed
   * @param column the source column's number, 0 when computed (or a whole row)
   */
  record Origin(int attnum, long table, int column) {

    boolean computed() {
      return table == 0 || column <= 0;
    }
  }

  private final List<String> tokens;
  private int at;

  private ViewLineage(List<String> tokens) {
    this.tokens = tokens;
  }

  /** The origins of the visible (not junk) output columns of the view stored as {@code action}. */
  static List<Origin> of(String action) {
    return new ViewLineage(tokenize(action)).read();
  }

  private List<Origin> read() {
    expect("(");
    expect("{");
    expect("QUERY");
    while (!peek().equals(":targetList")) {
      if (peek().equals("}")) {
        throw new IllegalArgumentException("no target list in the view's query");
      }
      skipElement();
    }
    next();
    List<Origin> origins = new ArrayList<>();
    if (peek().equals("<>")) {
      return origins;
    }
    expect("(");
    while (!peek().equals(")")) {
      expect("{");
      expect("TARGETENTRY");
      expect(":expr");
      skipElement();
      int resno = Integer.parseInt(field(":resno"));
      field(":resname");
      field(":ressortgroupref");
      long table = Long.parseLong(field(":resorigtbl"));
      int column = Integer.parseInt(field(":resorigcol"));
      boolean junk = field(":resjunk").equals("true");
      expect("}");
      if (!junk) {
        origins.add(new Origin(resno, table, column));
      }
    }
    return origins;
  }

  private String field(String name) {
    expect(name);
    return next();
  }

  private void skipElement() {
    String token = next();
    String close =
        switch (token) {
          case "{" -> "}";
          case "(" -> ")";
          default -> null;
        };
    if (close == null) {
      return;
    }
    while (!peek().equals(close)) {
      skipElement();
    }
    next();
  }

  private void expect(String token) {
    String found = next();
    if (!found.equals(token)) {
      throw new IllegalArgumentException("expected " + token + " in the view's query");
    }
  }

  private String peek() {
    if (at >= tokens.size()) {
      throw new IllegalArgumentException("the view's query ends early");
    }
    return tokens.get(at);
  }

  private String next() {
    String token = peek();
    at++;
    return token;
  }

  /**
   * Splits a node tree as PostgreSQL's {@code pg_strtok} does: brackets are tokens of their own,
   * whitespace separates, a backslash makes the next character plain. An escaped bracket stays
   * inside its token, prefixed by the backslash, so it never reads as a bracket.
   */
  private static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        token.append(c).append(text.charAt(++i));
      } else if (Character.isWhitespace(c)) {
        flush(token, tokens);
      } else if (c == '(' || c == ')' || c == '{' || c == '}') {
        flush(token, tokens);
        tokens.add(String.valueOf(c));
      } else {
        token.append(c);
      }
    }
    flush(token, tokens);
    return tokens;
  }

  private static void flush(StringBuilder token, List<String> tokens) {
    if (!token.isEmpty()) {
      tokens.add(token.toString());
      token.setLength(0);
    }
  }
}
