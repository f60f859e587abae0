package dev.drawbridge.postgres.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.core.model.Action;
import java.util.Locale;
import java.util.Set;

/**
 * Statements about the session itself: settings, transaction control, notifications, cursors.
 *
 * <p>{@code SET}/{@code RESET} is a session action only for a setting in {@link
 * SqlNames#SAFE_SETTINGS}; any other (roles, session authorization, replication role, logging,
 * custom settings) is admin. Three safe settings are also judged by their value:
 *
 * <ul>
 *   <li>{@code search_path} with a schema before {@code pg_catalog} lets that schema's functions
 *       and operators shadow the built-ins the safe lists trust: admin;
 *   <li>{@code standard_conforming_strings} off, or a {@code client_encoding} other than UTF-8,
 *       makes the server read string literals differently from this gateway's parser, which could
 *       hide a statement inside what looks like a string: admin.
 * </ul>
 */
final class SessionRules {

  /** The spellings PostgreSQL's {@code parse_bool} reads as true. */
  private static final Set<String> TRUE =
      Set.of("t", "tr", "tru", "true", "y", "ye", "yes", "on", "1");

  /** The spellings PostgreSQL's {@code parse_bool} reads as false. */
  private static final Set<String> FALSE =
      Set.of("f", "fa", "fal", "fals", "false", "n", "no", "of", "off", "0");

  private SessionRules() {}

  /** The verdict for a session statement, or null when {@code type} is not one. */
  static Verdict verdict(String type, JsonNode statement) {
    return switch (type) {
      case "VariableSetStmt" -> set(statement);
      case "VariableShowStmt" -> new Verdict(Action.SESSION, "SHOW");
      case "TransactionStmt" -> transaction(statement.path("kind").asText(""));
      // DISCARD ALL includes SET SESSION AUTHORIZATION DEFAULT, which RESET ROLE would need
      case "DiscardStmt" ->
          new Verdict(
              "DISCARD_ALL".equals(statement.path("target").asText(""))
                  ? Action.ADMIN
                  : Action.SESSION,
              "DISCARD");
      // a channel can carry trigger payloads from any table, and a notification can drive the
      // applications that listen: neither comes with being admitted
      case "ListenStmt" -> new Verdict(Action.EXECUTE, "LISTEN");
      case "UnlistenStmt" -> new Verdict(Action.SESSION, "UNLISTEN");
      case "NotifyStmt" -> new Verdict(Action.EXECUTE, "NOTIFY");
      case "ClosePortalStmt" -> new Verdict(Action.SESSION, "CLOSE");
      case "ConstraintsSetStmt" -> new Verdict(Action.SESSION, "SET CONSTRAINTS");
      // rows of a cursor whose query was classified when it was declared
      case "FetchStmt" ->
          new Verdict(Action.READ, statement.path("ismove").asBoolean(false) ? "MOVE" : "FETCH");
      default -> null;
    };
  }

  /**
   * Whether an {@code EXPLAIN} option's value turns it on: absent, or anything PostgreSQL does not
   * read as false, counts as on.
   */
  static boolean optionOn(JsonNode value) {
    if (value == null) {
      return true;
    }
    String text = constant(value);
    return text == null || !FALSE.contains(text.toLowerCase(Locale.ROOT));
  }

  private static Verdict set(JsonNode set) {
    String kind = set.path("kind").asText("");
    String verb = kind.startsWith("VAR_RESET") ? "RESET" : "SET";
    if (kind.equals("VAR_RESET_ALL")) {
      return new Verdict(Action.SESSION, verb); // role and session authorization are not reset
    }
    String name = set.path("name").asText("");
    if (kind.equals("VAR_SET_MULTI")) {
      return new Verdict(
          SqlNames.SAFE_TRANSACTION_SETTINGS.contains(name) ? Action.SESSION : Action.ADMIN, verb);
    }
    if (!SqlNames.safeSetting(name)) {
      return new Verdict(Action.ADMIN, verb);
    }
    if (kind.equals("VAR_SET_VALUE") && !safeValue(name.toLowerCase(Locale.ROOT), set)) {
      return new Verdict(Action.ADMIN, verb);
    }
    return new Verdict(Action.SESSION, verb);
  }

  private static boolean safeValue(String name, JsonNode set) {
    JsonNode args = set.path("args");
    return switch (name) {
      case "search_path" -> catalogFirst(args);
      case "client_encoding" -> {
        String value = args.size() == 1 ? constant(args.get(0)) : null;
        String normalized =
            value == null ? "" : value.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        yield normalized.equals("utf8") || normalized.equals("unicode");
      }
      case "standard_conforming_strings" -> {
        String value = args.size() == 1 ? constant(args.get(0)) : null;
        yield value != null && TRUE.contains(value.toLowerCase(Locale.ROOT));
      }
      default -> true;
    };
  }

  /** Whether {@code pg_catalog}, when listed, comes before every other schema. */
  private static boolean catalogFirst(JsonNode args) {
    int position = 0;
    for (JsonNode arg : args) {
      String value = constant(arg);
      if (value == null) {
        return false;
      }
      for (String entry : value.split(",", -1)) {
        String schema = entry.strip();
        if (schema.length() > 1 && schema.startsWith("\"") && schema.endsWith("\"")) {
          schema = schema.substring(1, schema.length() - 1);
        } else {
          schema = schema.toLowerCase(Locale.ROOT);
        }
        if (schema.isEmpty()) {
          continue;
        }
        if (schema.equals("pg_catalog") && position > 0) {
          return false;
        }
        position++;
      }
    }
    return true;
  }

  /** A constant's text ({@code 'x'}, {@code 0}, {@code 1.5}, {@code true}), or null. */
  private static String constant(JsonNode node) {
    JsonNode constant = node.has("A_Const") ? node.get("A_Const") : node;
    if (constant.has("sval") || constant.has("String")) {
      JsonNode string = constant.has("sval") ? constant.get("sval") : constant.get("String");
      return string.path("sval").asText("");
    }
    if (constant.has("ival") || constant.has("Integer")) {
      JsonNode integer = constant.has("ival") ? constant.get("ival") : constant.get("Integer");
      return integer.path("ival").asText("0");
    }
    if (constant.has("fval") || constant.has("Float")) {
      JsonNode real = constant.has("fval") ? constant.get("fval") : constant.get("Float");
      return real.path("fval").asText("");
    }
    if (constant.has("boolval") || constant.has("Boolean")) {
      JsonNode bool = constant.has("boolval") ? constant.get("boolval") : constant.get("Boolean");
      return bool.path("boolval").asBoolean(false) ? "true" : "false";
    }
    return null;
  }

  private static Verdict transaction(String kind) {
    return switch (kind) {
      case "TRANS_STMT_BEGIN" -> new Verdict(Action.SESSION, "BEGIN");
      case "TRANS_STMT_START" -> new Verdict(Action.SESSION, "START TRANSACTION");
      case "TRANS_STMT_COMMIT" -> new Verdict(Action.SESSION, "COMMIT");
      case "TRANS_STMT_ROLLBACK", "TRANS_STMT_ROLLBACK_TO" ->
          new Verdict(Action.SESSION, "ROLLBACK");
      case "TRANS_STMT_SAVEPOINT" -> new Verdict(Action.SESSION, "SAVEPOINT");
      case "TRANS_STMT_RELEASE" -> new Verdict(Action.SESSION, "RELEASE");
      // this session's own transaction, kept for a later COMMIT PREPARED
      case "TRANS_STMT_PREPARE" -> new Verdict(Action.SESSION, "PREPARE TRANSACTION");
      // finishes a transaction any session may have prepared, whose statements this one never saw
      case "TRANS_STMT_COMMIT_PREPARED" -> new Verdict(Action.ADMIN, "COMMIT PREPARED");
      case "TRANS_STMT_ROLLBACK_PREPARED" -> new Verdict(Action.ADMIN, "ROLLBACK PREPARED");
      default -> new Verdict(Action.UNKNOWN, "TRANSACTION");
    };
  }
}
