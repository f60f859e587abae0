package dev.drawbridge.postgres.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.core.model.Action;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Classifies SQL text, as PostgreSQL's own parser reads it, into the statements grants speak in:
 * one {@link ClassifiedStatement} per statement, with its action, verb, resources, derived uses and
 * text.
 *
 * <p>Each statement gets exactly one action, and that action applies to every resource it touches.
 * This is conservative by design: a {@code DELETE} from {@code a} that reads {@code b} in a
 * subquery needs write on both, a {@code SELECT} with a data-modifying {@code WITH} is a write on
 * every table it names. Where a statement does several things the strongest wins, in the order
 * {@code UNKNOWN > ADMIN > DDL > WRITE > EXECUTE > READ > SESSION}:
 *
 * <ul>
 *   <li>data-modifying statements anywhere in the tree (CTEs, {@code COPY (DELETE … RETURNING)}),
 *       and {@code SELECT … FOR UPDATE/SHARE}, make it a write; {@code SELECT … INTO}, {@code
 *       CREATE TABLE AS} and {@code CREATE MATERIALIZED VIEW} ddl; {@code TRUNCATE} and {@code
 *       LOCK} are writes;
 *   <li>calling a function that is not a known-harmless built-in makes it at least execute (the
 *       gateway cannot know what it does); a function that reads server files, signals other
 *       sessions, changes settings or runs SQL text makes it admin ({@link SqlNames});
 *   <li>{@code EXPLAIN ANALYZE} runs its statement and is what that statement is; a plain {@code
 *       EXPLAIN} is a read of the same resources (function calls still count: planning may run
 *       them);
 *   <li>{@code EXECUTE} is what the session's {@link PreparedStatements} say it prepared, and
 *       unknown without them;
 *   <li>{@code SET} of a setting outside a short allow-list is admin, as are roles, privileges,
 *       server files and programs ({@code COPY … PROGRAM}, {@code COPY} of a server file), and
 *       maintenance;
 *   <li>anything not recognised is unknown, and still has its tables and functions listed.
 * </ul>
 *
 * <p>Table resources carry the schema as written (empty when unqualified: resolving it against the
 * session's {@code search_path} is a later step) and the name as PostgreSQL folds it.
 *
 * <p>Each statement also lists its derived uses: the columns whose values reach a result or storage
 * without PostgreSQL reporting their source column ({@link ClassifiedStatement#derived}). Knowing
 * nothing of masking rules, it reports them for every column; the caller compares.
 *
 * <p>Thread-safe: it holds only the parser, which is.
 */
public final class StatementClassifier {

  /** The verb of text PostgreSQL cannot parse. */
  public static final String UNPARSABLE = "UNPARSABLE";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PgQuery parser;

  public StatementClassifier(PgQuery parser) {
    this.parser = Objects.requireNonNull(parser, "parser");
  }

  /** Parses {@code sql} and classifies each statement; {@code EXECUTE name} is unknown. */
  public List<ClassifiedStatement> classify(String sql) {
    return classify(parser.parse(sql), sql);
  }

  /**
   * Parses {@code sql} and classifies each statement in a session: {@code PREPARE} is recorded in
   * {@code session}, {@code EXECUTE} resolved from it, {@code DEALLOCATE} removes from it.
   */
  public List<ClassifiedStatement> classify(String sql, PreparedStatements session) {
    return classify(parser.parse(sql), sql, session);
  }

  /** Classifies what {@link PgQuery#parse} made of {@code sql}. */
  public List<ClassifiedStatement> classify(PgQuery.Parsed parsed, String sql) {
    return statements(parsed, sql, null);
  }

  /** Classifies what {@link PgQuery#parse} made of {@code sql}, in a session. */
  public List<ClassifiedStatement> classify(
      PgQuery.Parsed parsed, String sql, PreparedStatements session) {
    return statements(parsed, sql, Objects.requireNonNull(session, "session"));
  }

  private static List<ClassifiedStatement> statements(
      PgQuery.Parsed parsed, String sql, PreparedStatements session) {
    Objects.requireNonNull(sql, "sql");
    return switch (parsed) {
      case PgQuery.Parsed.Error error -> List.of(unparsable(sql));
      case PgQuery.Parsed.Tree tree -> statements(tree.json(), sql, session);
    };
  }

  private static List<ClassifiedStatement> statements(
      String json, String sql, PreparedStatements session) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      // nested deeper than the JSON reader allows: the gateway cannot read what the server would
      return List.of(unparsable(sql));
    }
    JsonNode statements = root.path("stmts");
    Slices slices = new Slices(sql);
    List<ClassifiedStatement> classified = new ArrayList<>(statements.size());
    for (JsonNode raw : statements) {
      String text = slices.slice(raw.path("stmt_location").asInt(0), raw.path("stmt_len").asInt(0));
      classified.add(statement(raw.path("stmt"), text, session));
    }
    return List.copyOf(classified);
  }

  private static ClassifiedStatement statement(
      JsonNode wrapper, String text, PreparedStatements session) {
    TreeWalker walker = new TreeWalker();
    StatementRules rules = new StatementRules(walker, session, text);
    try {
      Verdict verdict = rules.verdict(wrapper);
      Touched touched = walker.touched();
      return new ClassifiedStatement(
          rules.finish(verdict), verdict.verb(), touched.resources(), touched.derived(), text);
    } catch (RuntimeException e) {
      // a tree of a shape these rules do not expect: fail closed rather than guess
      String type = wrapper.properties().stream().findFirst().map(Map.Entry::getKey).orElse("");
      return new ClassifiedStatement(Action.UNKNOWN, type, List.of(), text);
    }
  }

  private static ClassifiedStatement unparsable(String sql) {
    return new ClassifiedStatement(Action.UNKNOWN, UNPARSABLE, List.of(), sql);
  }

  /**
   * Statements' text by libpg_query's locations, which count UTF-8 bytes; converted only when the
   * text is not plain ASCII.
   */
  private static final class Slices {
    private final String sql;
    private final byte[] utf8;

    Slices(String sql) {
      this.sql = sql;
      this.utf8 = ascii(sql) ? null : sql.getBytes(StandardCharsets.UTF_8);
    }

    /** The statement at {@code location}; {@code length} 0 means to the end. */
    String slice(int location, int length) {
      int size = utf8 == null ? sql.length() : utf8.length;
      int start = Math.clamp(location, 0, size);
      int end = length <= 0 ? size : Math.clamp((long) location + length, start, size);
      String text =
          utf8 == null
              ? sql.substring(start, end)
              : new String(utf8, start, end - start, StandardCharsets.UTF_8);
      return text.strip();
    }

    private static boolean ascii(String sql) {
      for (int i = 0; i < sql.length(); i++) {
        if (sql.charAt(i) >= 0x80) {
          return false;
        }
      }
      return true;
    }
  }
}
