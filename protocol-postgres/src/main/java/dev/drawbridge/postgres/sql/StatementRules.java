package dev.drawbridge.postgres.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The action rules for one top-level statement: what its kind makes it, walked into a {@link
 * TreeWalker}, then {@link #finish} adds what its tree contains (modified or locked rows, a new
 * table, calls of functions that are not known to be harmless).
 *
 * <p>Data statements, and those that wrap another statement ({@code EXPLAIN}, {@code COPY}, {@code
 * PREPARE}, {@code EXECUTE}, {@code DECLARE CURSOR}, {@code CREATE TABLE AS}), are decided here;
 * session statements by {@link SessionRules}; schema and administration statements by {@link
 * SchemaRules}. Any other kind is {@link Action#UNKNOWN}.
 */
final class StatementRules {

  private final TreeWalker walker;
  private final PreparedStatements session;
  private final String text;

  /**
   * @param session the session's prepared statements, or null when there is no session
   * @param text the statement's text, recorded with a {@code PREPARE}
   */
  StatementRules(TreeWalker walker, PreparedStatements session, String text) {
    this.walker = walker;
    this.session = session;
    this.text = text;
  }

  /** What the statement's kind makes it; its tree is walked on the way. */
  Verdict verdict(JsonNode wrapper) {
    Map.Entry<String, JsonNode> only = wrapper.properties().stream().findFirst().orElse(null);
    if (only == null) {
      return new Verdict(Action.UNKNOWN, "UNKNOWN");
    }
    String type = only.getKey();
    JsonNode statement = only.getValue();
    return switch (type) {
      case "SelectStmt" -> {
        walker.walk(wrapper);
        yield new Verdict(Action.READ, statement.has("intoClause") ? "SELECT INTO" : "SELECT");
      }
      case "InsertStmt" -> write(wrapper, "INSERT");
      case "UpdateStmt" -> write(wrapper, "UPDATE");
      case "DeleteStmt" -> write(wrapper, "DELETE");
      case "MergeStmt" -> write(wrapper, "MERGE");
      // TRUNCATE removes every row: a write, not ddl, although PostgreSQL files it with ddl
      // CASCADE also empties every table with a foreign key to these, tables it never names
      case "TruncateStmt" -> {
        Verdict truncate = write(wrapper, "TRUNCATE");
        yield "DROP_CASCADE".equals(statement.path("behavior").asText(""))
            ? new Verdict(Action.ADMIN, truncate.verb(), truncate.effects())
            : truncate;
      }
      // takes the locks FOR UPDATE would, on whole tables
      case "LockStmt" -> write(wrapper, "LOCK TABLE");
      case "RefreshMatViewStmt" -> write(wrapper, "REFRESH MATERIALIZED VIEW");
      case "ExplainStmt" -> explain(statement);
      case "CopyStmt" -> copy(statement);
      case "PrepareStmt" -> prepare(statement);
      case "ExecuteStmt" -> execute(statement);
      case "DeallocateStmt" -> deallocate(statement);
      case "DeclareCursorStmt" -> {
        Verdict query = inner(statement);
        yield new Verdict(query.action(), "DECLARE CURSOR");
      }
      case "CreateTableAsStmt" -> createTableAs(statement);
      case "DoStmt" -> doBlock(statement);
      case "CallStmt" -> {
        // arguments go into code that may store or return them
        Flow before = walker.flow(walker.flow().stored());
        walker.walk(statement);
        walker.flow(before);
        yield new Verdict(Action.EXECUTE, "CALL");
      }
      default -> other(type, statement);
    };
  }

  /**
   * The statement's one action: its kind's, raised by what its tree does (unless it runs nothing)
   * and by the functions it calls.
   */
  Action finish(Verdict verdict) {
    Action action = verdict.action();
    if (verdict.effects()) {
      action = ActionOrder.strongest(action, walker.touched().effects());
    }
    return ActionOrder.strongest(action, walker.touched().calls());
  }

  private Verdict write(JsonNode wrapper, String verb) {
    walker.walk(wrapper);
    return new Verdict(Action.WRITE, verb);
  }

  /**
   * {@code EXPLAIN ANALYZE} runs the statement: it is what the statement is. A plain {@code
   * EXPLAIN} only plans it, a read of what it names; planning may still evaluate functions, so
   * their calls still count.
   */
  private Verdict explain(JsonNode statement) {
    boolean analyze = false;
    for (JsonNode option : statement.path("options")) {
      JsonNode element = option.path("DefElem");
      if (element.path("defname").asText("").equals("analyze")) {
        analyze |= SessionRules.optionOn(element.get("arg"));
      }
    }
    Verdict query = inner(statement);
    return analyze
        ? new Verdict(query.action(), "EXPLAIN")
        : new Verdict(Action.READ, "EXPLAIN", false);
  }

  /**
   * {@code COPY … TO STDOUT} reads, {@code COPY … FROM STDIN} writes; a server file or a program
   * (either direction) reaches beyond the database: admin.
   */
  private Verdict copy(JsonNode statement) {
    walker.copyTable(statement);
    Action action = Action.READ;
    if (statement.has("query")) {
      // rows copied out come without a row description: every value loses its source
      action = ActionOrder.strongest(action, inner(statement, Flow.OUTPUT_LOST).action());
    }
    if (statement.path("is_from").asBoolean(false)) {
      action = ActionOrder.strongest(action, Action.WRITE);
    }
    if (statement.path("is_program").asBoolean(false) || statement.has("filename")) {
      action = Action.ADMIN;
    }
    return new Verdict(action, "COPY");
  }

  /** {@code PREPARE name AS …} is what it prepares, and the session remembers it for EXECUTE. */
  private Verdict prepare(JsonNode statement) {
    Verdict query = inner(statement);
    if (session != null) {
      Touched touched = walker.touched();
      ClassifiedStatement prepared =
          new ClassifiedStatement(
              finish(query), query.verb(), touched.resources(), touched.derived(), text);
      session.prepared(statement.path("name").asText(""), List.of(prepared));
    }
    return new Verdict(query.action(), "PREPARE");
  }

  /** {@code EXECUTE name (…)} is what the session prepared under the name; unknown otherwise. */
  private Verdict execute(JsonNode statement) {
    // stored (CREATE TABLE AS EXECUTE), even the prepared statement's plain columns lose their
    // source; parameters may be returned as they are, without one
    boolean stored = walker.flow() != Flow.OUTPUT;
    Flow before = walker.flow(walker.flow().stored());
    walker.walk(statement);
    walker.flow(before);
    Optional<List<ClassifiedStatement>> prepared =
        session == null ? Optional.empty() : session.lookup(statement.path("name").asText(""));
    Action action = null;
    for (ClassifiedStatement one : prepared.orElse(List.of())) {
      action = ActionOrder.strongest(action, one.action());
      walker.touched().prepared(one.resources());
      walker.touched().preparedDerived(stored ? tables(one.resources()) : one.derived());
    }
    return new Verdict(action == null ? Action.UNKNOWN : action, "EXECUTE");
  }

  private static List<Resource.Table> tables(List<Resource> resources) {
    List<Resource.Table> tables = new ArrayList<>(resources.size());
    for (Resource resource : resources) {
      if (resource instanceof Resource.Table table) {
        tables.add(table);
      }
    }
    return tables;
  }

  private Verdict deallocate(JsonNode statement) {
    if (session != null) {
      String name = statement.path("name").asText("");
      if (name.isEmpty()) {
        session.deallocateAll();
      } else {
        session.deallocate(name);
      }
    }
    return new Verdict(Action.SESSION, "DEALLOCATE");
  }

  /** {@code CREATE TABLE AS}, {@code CREATE MATERIALIZED VIEW}: ddl, and what the query is. */
  private Verdict createTableAs(JsonNode statement) {
    Verdict query = inner(statement, walker.flow().stored());
    String verb =
        statement.path("objtype").asText("").equals("OBJECT_MATVIEW")
            ? "CREATE MATERIALIZED VIEW"
            : "CREATE TABLE AS";
    return new Verdict(ActionOrder.strongest(Action.DDL, query.action()), verb);
  }

  /** {@code DO}: code the gateway cannot see into; execute, or admin in an untrusted language. */
  private Verdict doBlock(JsonNode statement) {
    String language = "plpgsql";
    for (JsonNode argument : statement.path("args")) {
      JsonNode element = argument.path("DefElem");
      if (element.path("defname").asText("").equals("language")) {
        language = element.path("arg").path("String").path("sval").asText("");
      }
    }
    walker.touched().prepared(List.of(new Resource.Function("", "DO")));
    return new Verdict(SqlNames.trusted(language) ? Action.EXECUTE : Action.ADMIN, "DO");
  }

  /** The statement a wrapper carries in {@code query}, and the wrapper's other parts walked. */
  private Verdict inner(JsonNode statement) {
    walker.walkExcept(statement, "query");
    JsonNode query = statement.get("query");
    return query == null ? new Verdict(Action.UNKNOWN, "UNKNOWN") : verdict(query);
  }

  /** As {@link #inner(JsonNode)}, the statement's values going where {@code values} says. */
  private Verdict inner(JsonNode statement, Flow values) {
    Flow before = walker.flow(values);
    Verdict query = inner(statement);
    walker.flow(before);
    return query;
  }

  /**
   * Any other kind. A view's query is an output level (PostgreSQL reports the view's columns); any
   * other query in such a statement may keep its values anywhere, so they lose their source.
   */
  private Verdict other(String type, JsonNode statement) {
    Flow values = walker.flow();
    Flow before = walker.flow(type.equals("ViewStmt") ? values : values.stored());
    Verdict verdict = otherKind(type, statement);
    walker.flow(before);
    return verdict;
  }

  private Verdict otherKind(String type, JsonNode statement) {
    if (type.equals("DiscardStmt")
        && session != null
        && "DISCARD_ALL".equals(statement.path("target").asText(""))) {
      session.deallocateAll();
    }
    Verdict sessionVerdict = SessionRules.verdict(type, statement);
    if (sessionVerdict != null) {
      walker.walk(statement);
      return sessionVerdict;
    }
    Verdict schemaVerdict = SchemaRules.verdict(type, statement, walker);
    if (schemaVerdict != null) {
      return schemaVerdict;
    }
    walker.walk(statement); // still name what it touches
    return new Verdict(Action.UNKNOWN, type);
  }
}
