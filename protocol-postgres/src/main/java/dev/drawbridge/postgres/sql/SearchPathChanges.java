package dev.drawbridge.postgres.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the {@link SearchPathChange} a statement makes from PostgreSQL's own parse tree. */
public final class SearchPathChanges {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SearchPathChanges() {}

  /**
   * The change one statement makes, if any.
   *
   * @param parser parses the statement again (only statements that can change the path get here)
   * @param statement one statement's text, whose verb is {@code SET}, {@code RESET} or {@code
   *     DISCARD}
   */
  public static Optional<SearchPathChange> of(PgQuery parser, String statement) {
    if (!(parser.parse(statement) instanceof PgQuery.Parsed.Tree tree)) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(tree.json());
    } catch (IOException e) {
      return Optional.empty();
    }
    JsonNode stmt = root.path("stmts").path(0).path("stmt");
    JsonNode discard = stmt.path("DiscardStmt");
    if (!discard.isMissingNode()) {
      return "DISCARD_ALL".equals(discard.path("target").asText())
          ? Optional.of(new SearchPathChange.Reset())
          : Optional.empty();
    }
    JsonNode set = stmt.path("VariableSetStmt");
    if (set.isMissingNode()) {
      return Optional.empty();
    }
    String kind = set.path("kind").asText();
    String name = set.path("name").asText();
    if (kind.equals("VAR_RESET_ALL")) {
      return Optional.of(new SearchPathChange.Reset());
    }
    if (!name.equals("search_path")) {
      return Optional.empty();
    }
    return switch (kind) {
      case "VAR_SET_VALUE" -> {
        List<String> values = new ArrayList<>();
        for (JsonNode arg : set.path("args")) {
          values.add(arg.path("A_Const").path("sval").path("sval").asText());
        }
        yield Optional.of(new SearchPathChange.Set(values, set.path("is_local").asBoolean(false)));
      }
      case "VAR_SET_DEFAULT", "VAR_RESET" -> Optional.of(new SearchPathChange.Reset());
      default -> Optional.of(new SearchPathChange.Unknowable());
    };
  }
}
