package dev.drawbridge.postgres.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Reads, from PostgreSQL's own parse tree of one statement, what the listener needs beyond its
 * classification: the cursor a {@code FETCH} reads, and the options of a {@code COPY … TO}.
 */
public final class CursorsAndCopies {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CursorsAndCopies() {}

  /** The cursor a {@code FETCH} statement reads; empty when the statement is no such fetch. */
  public static Optional<String> fetchedCursor(PgQuery parser, String statement) {
    String cursor = statement(parser, statement).path("FetchStmt").path("portalname").asText("");
    return cursor.isEmpty() ? Optional.empty() : Optional.of(cursor);
  }

  /**
   * The first of {@code options} a {@code COPY … TO} statement sets; empty when it sets none, or is
   * no copy out.
   */
  public static Optional<String> copyOutOption(
      PgQuery parser, String statement, Set<String> options) {
    JsonNode copy = statement(parser, statement).path("CopyStmt");
    if (copy.isMissingNode() || copy.path("is_from").asBoolean(false)) {
      return Optional.empty();
    }
    for (JsonNode option : copy.path("options")) {
      String name = option.path("DefElem").path("defname").asText("");
      if (options.contains(name)) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  private static JsonNode statement(PgQuery parser, String statement) {
    if (!(parser.parse(statement) instanceof PgQuery.Parsed.Tree tree)) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(tree.json()).path("stmts").path(0).path("stmt");
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }
}
