package dev.drawbridge.postgres.sql;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A statement's shape: its text as PostgreSQL's scanner reads it, with every literal value replaced
 * by its kind and comments dropped. Two statements of one shape differ only in values, so a data
 * statement's classification (which tables, columns and functions, which action) is the same for
 * both.
 */
final class StatementShapes {

  /** libpg_query's Token numbers of literal values. */
  private static final int FCONST = 260;

  private static final int SCONST = 261;
  private static final int USCONST = 262;
  private static final int BCONST = 263;
  private static final int XCONST = 264;
  private static final int ICONST = 266;
  private static final int SQL_COMMENT = 275;
  private static final int C_COMMENT = 276;

  private static final char SEPARATOR = '\u0001';

  /** Unicode-escaped identifiers and strings, and their escape character: never shaped. */
  private static final int UIDENT = 259;

  private static final int UESCAPE = 685;

  /** Longer statements are not shaped (nor cached): they are rare, and a scan is not free. */
  static final int MAX_SHAPED_CHARS = 8 * 1024;

  private final PgQuery parser;

  StatementShapes(PgQuery parser) {
    this.parser = parser;
  }

  /** The shape of {@code sql}, or empty when it does not scan. */
  Optional<String> shape(String sql) {
    if (sql.length() > MAX_SHAPED_CHARS) {
      return Optional.empty();
    }
    byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
    StringBuilder shape = new StringBuilder(bytes.length);
    int[] covered = {0};
    boolean[] exact = {true};
    boolean scanned =
        parser.scan(
            sql,
            (kind, start, end) -> {
              // every byte between tokens must be white space: a token whose reported range is
              // shorter than its text (U&"…" reports only its U) would leave the rest unshaped
              exact[0] &= whiteSpace(bytes, covered[0], start) && end > start;
              covered[0] = Math.max(covered[0], end);
              switch (kind) {
                case UIDENT, USCONST, UESCAPE -> exact[0] = false;
                case SQL_COMMENT, C_COMMENT -> {}
                case FCONST, SCONST, BCONST, XCONST, ICONST ->
                    shape.append('?').append(kind).append(SEPARATOR);
                default ->
                    appendFolded(
                        shape, new String(bytes, start, end - start, StandardCharsets.UTF_8));
              }
            });
    boolean whole = exact[0] && whiteSpace(bytes, covered[0], bytes.length);
    return scanned && whole ? Optional.of(shape.toString()) : Optional.empty();
  }

  private static boolean whiteSpace(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x0B) {
        return false;
      }
    }
    return true;
  }

  /**
   * A keyword or an unquoted identifier as PostgreSQL folds it (ASCII letters to lower case); a
   * quoted identifier exactly as written.
   */
  private static void appendFolded(StringBuilder shape, String token) {
    boolean quoted = token.startsWith("\"") || token.regionMatches(true, 0, "U&", 0, 2);
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      shape.append(!quoted && c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    shape.append(SEPARATOR);
  }
}
