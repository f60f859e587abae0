package dev.drawbridge.postgres.sql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Takes secrets out of statement text before it becomes part of an operation, and so of an audit
 * record: the string literal of {@code PASSWORD '…'} ({@code CREATE/ALTER ROLE}, {@code ENCRYPTED
 * PASSWORD}), the value of an option or setting whose name says it is secret ({@code OPTIONS
 * (password '…')}, {@code SET app.api_key = '…'}), and any string literal that reads as a
 * connection string with a password ({@code dblink('host=… password=…', …)}, {@code
 * postgres://user:pass@host}). Each becomes {@code '***'}; the rest of the text is kept as written.
 *
 * <p>Literals are found by PostgreSQL's own scanner, so quoting, escapes and dollar quoting are
 * read as the server reads them. Text the scanner cannot read is replaced whole (it could hold a
 * secret in an unterminated literal). Text without any word that could introduce a secret is
 * returned as it is without scanning. Thread-safe.
 */
public final class SecretRedactor {

  /** What a redacted literal becomes. */
  public static final String REDACTED = "'***'";

  /**
   * Words that must appear (case-insensitively) for any part of a statement to be redacted, looked
   * for by {@link #maybeSecret} (every statement passes there: a regular expression's alternation
   * cost more than the rest of the check).
   */
  private static final List<String> MAYBE_SECRET =
      List.of("passw", "pwd", "secret", "token", "key", "credential", "://", "dblink");

  /** Names of options and settings whose values are secret. */
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(passw|pwd|secret|token|key|credential).*");

  /** A literal that names a setting ({@code 'app.api_key'}). */
  private static final Pattern SETTING_NAME = Pattern.compile("(?i)(e|u&)?'[A-Za-z0-9_.]+'");

  /** A literal that reads as a connection string with a password in it. */
  private static final Pattern CONNECTION_SECRET =
      Pattern.compile("(?i)(password|pwd)\\s*=|://[^/@\\s:]*:[^/@\\s]*@");

  /** libpg_query's Token numbers of string literals, and of comments. */
  private static final int SCONST = 261;

  private static final int USCONST = 262;
  private static final int BCONST = 263;
  private static final int XCONST = 264;
  private static final int SQL_COMMENT = 275;
  private static final int C_COMMENT = 276;

  private record Token(int kind, int start, int end) {}

  private final PgQuery parser;

  public SecretRedactor(PgQuery parser) {
    this.parser = parser;
  }

  /** {@code sql} with its secrets replaced by {@value #REDACTED}. */
  public String redact(String sql) {
    if (!maybeSecret(sql)) {
      return sql;
    }
    byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
    List<Token> tokens = new ArrayList<>();
    boolean scanned =
        parser.scan(
            sql,
            (kind, start, end) -> {
              if (kind != SQL_COMMENT && kind != C_COMMENT) {
                // the scanner gives a U&'…' literal no length: its end is found here
                int to = isString(kind) && end <= start ? literalEnd(bytes, start) : end;
                tokens.add(new Token(kind, start, to));
              }
            });
    if (!scanned) {
      return "(a statement the scanner cannot read, " + bytes.length + " bytes, withheld)";
    }
    StringBuilder out = new StringBuilder(sql.length());
    int copied = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.start() >= copied && isString(token.kind()) && secret(tokens, i, bytes)) {
        out.append(new String(bytes, copied, token.start() - copied, StandardCharsets.UTF_8));
        out.append(REDACTED);
        copied = token.end();
      }
    }
    out.append(new String(bytes, copied, bytes.length - copied, StandardCharsets.UTF_8));
    return out.toString();
  }

  /** Whether one of {@link #MAYBE_SECRET} appears in {@code sql}, in any case. */
  static boolean maybeSecret(String sql) {
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      int lower = c >= 'A' && c <= 'Z' ? c | 0x20 : c;
      switch (lower) {
        case 'p', 's', 't', 'k', 'c', ':', 'd' -> {
          for (String word : MAYBE_SECRET) {
            if (word.charAt(0) == lower && sql.regionMatches(true, i, word, 0, word.length())) {
              return true;
            }
          }
        }
        default -> {}
      }
    }
    return false;
  }

  /**
   * Where a quoted literal starting at {@code start} ends: after its closing quote (a doubled quote
   * inside does not close it) and after a {@code UESCAPE 'c'} clause that follows it.
   */
  static int literalEnd(byte[] bytes, int start) {
    int at = start;
    while (at < bytes.length && bytes[at] != '\'') {
      at++;
    }
    at = closingQuote(bytes, at + 1);
    int next = at;
    while (next < bytes.length && Character.isWhitespace(bytes[next])) {
      next++;
    }
    String rest =
        new String(bytes, next, Math.min(7, bytes.length - next), StandardCharsets.US_ASCII);
    if (rest.equalsIgnoreCase("uescape")) {
      next += 7;
      while (next < bytes.length && bytes[next] != '\'') {
        next++;
      }
      at = closingQuote(bytes, next + 1);
    }
    return Math.min(at, bytes.length);
  }

  private static int closingQuote(byte[] bytes, int from) {
    int at = from;
    while (at < bytes.length) {
      if (bytes[at] == '\'') {
        if (at + 1 < bytes.length && bytes[at + 1] == '\'') {
          at += 2;
          continue;
        }
        return at + 1;
      }
      at++;
    }
    return at;
  }

  private static boolean isString(int kind) {
    return kind == SCONST || kind == USCONST || kind == BCONST || kind == XCONST;
  }

  /**
   * Whether the literal at {@code i} is a secret: it follows {@code PASSWORD}, or a secret name
   * (with {@code =} or {@code TO} between, or as the literal before it: {@code set_config}), or
   * reads as a connection string with a password.
   */
  private static boolean secret(List<Token> tokens, int i, byte[] bytes) {
    if (CONNECTION_SECRET.matcher(text(tokens.get(i), bytes)).find()) {
      return true;
    }
    int before = i - 1;
    if (before > 0
        && text(tokens.get(before), bytes).equals(",")
        && isString(tokens.get(before - 1).kind())) {
      // set_config('app.api_key', '…', …): a setting named by a literal
      String name = text(tokens.get(before - 1), bytes);
      return SETTING_NAME.matcher(name).matches() && SECRET_NAME.matcher(name).matches();
    }
    if (before >= 0) {
      String word = text(tokens.get(before), bytes).toLowerCase(Locale.ROOT);
      if ((word.equals("=") || word.equals("to")) && before > 0) {
        word = text(tokens.get(before - 1), bytes).toLowerCase(Locale.ROOT);
      }
      return SECRET_NAME.matcher(unquoted(word)).matches();
    }
    return false;
  }

  private static String unquoted(String word) {
    return word.length() > 1 && word.startsWith("\"") && word.endsWith("\"")
        ? word.substring(1, word.length() - 1)
        : word;
  }

  private static String text(Token token, byte[] bytes) {
    return new String(bytes, token.start(), token.end() - token.start(), StandardCharsets.UTF_8);
  }
}
