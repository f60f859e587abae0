package dev.drawbridge.audit.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.audit.query.DecidedOperation.SessionIdentity;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.LimitsConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the records decisions are replayed from ({@code operation}, {@code session.start}, {@code
 * grant.created}, {@code grant.revoked}) back into values, exactly as they were encoded (see {@code
 * CanonicalEncoding}), or says why that is not possible.
 */
final class DecisionRecords {

  /** The longest name a record keeps whole; a longer one is cut and ends with {@value #CUT}. */
  static final int MAX_NAME = 512;

  static final String CUT = "…";

  private DecisionRecords() {}

  /** Thrown while reading a record that cannot be read back exactly. */
  private static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String why) {
      super(why, null, false, false);
    }
  }

  /** An {@code operation} record, without its identity yet. */
  static DecidedOperation operation(UUID id, Instant time, JsonNode body) {
    String agent = text(body, "agent");
    String connection = text(body, "connection");
    UUID session = uuid(text(body, "session"));
    try {
      if (body.path("v").asInt(-1) != 1) {
        throw new Unreadable("record format version " + body.path("v").asText("?"));
      }
      name(agent, "agent");
      name(connection, "connection");
      if (session == null) {
        throw new Unreadable("the record names no session");
      }
      String actionName = name(text(body, "action"), "action");
      Action action =
          Action.fromConfigName(actionName)
              .orElseThrow(() -> new Unreadable("unknown action '" + actionName + "'"));
      String verb = name(text(body, "verb"), "verb");
      long sequence = body.path("operation").asLong(0);
      if (sequence < 1) {
        throw new Unreadable("the record names no operation sequence");
      }
      List<Resource> resources = resources(body.get("resources"));
      String decision = text(body, "decision");
      String grant = null;
      String reason = text(body, "reason");
      switch (decision == null ? "" : decision) {
        case "allow", "review" -> grant = name(text(body, "grant"), "grant");
        case "deny" -> {
          if (reason == null) {
            throw new Unreadable("a deny without its reason");
          }
        }
        default -> throw new Unreadable("unknown decision '" + decision + "'");
      }
      return new DecidedOperation(
          id,
          time,
          session,
          sequence,
          agent,
          connection,
          action,
          verb,
          resources,
          decision,
          grant,
          reason,
          null,
          null);
    } catch (Unreadable e) {
      return new DecidedOperation(
          id,
          time,
          session,
          0,
          agent,
          connection,
          null,
          null,
          List.of(),
          text(body, "decision"),
          null,
          null,
          null,
          e.getMessage());
    }
  }

  /** The resources of an {@code operation} record. */
  private static List<Resource> resources(JsonNode array) throws Unreadable {
    if (array == null || !array.isArray()) {
      throw new Unreadable("the record has no resources list");
    }
    List<Resource> resources = new ArrayList<>(array.size());
    for (JsonNode node : array) {
      String kind = text(node, "kind");
      String name = name(text(node, "name"), "resource name");
      resources.add(
          switch (kind == null ? "" : kind) {
            case "table" -> {
              String[] parts = qualified(name);
              if (parts[0] == null) {
                throw new Unreadable("a table recorded without a schema");
              }
              yield new Resource.Table(parts[0], parts[1], strings(node.get("columns")));
            }
            case "function" -> {
              String[] parts = qualified(name);
              yield parts[0] == null
                  ? new Resource.Function("", name)
                  : new Resource.Function(parts[0], parts[1]);
            }
            case "path" -> new Resource.Path(name(text(node, "method"), "method"), name);
            case "command" -> {
              List<String> argv = strings(node.get("argv"));
              if (argv.isEmpty()) {
                throw new Unreadable("a command without arguments");
              }
              yield new Resource.Command(argv);
            }
            case "file" -> new Resource.File(name);
            default -> throw new Unreadable("unknown resource kind '" + kind + "'");
          });
    }
    return resources;
  }

  /**
   * {@code schema.name} split at its dot: {@code {null, name}} without one. A name with more than
   * one dot could be {@code "a.b".c} or {@code a."b.c"}: records write the two alike.
   */
  private static String[] qualified(String name) throws Unreadable {
    int dot = name.indexOf('.');
    if (dot < 0) {
      return new String[] {null, name};
    }
    if (name.indexOf('.', dot + 1) >= 0) {
      throw new Unreadable("a name with more than one dot, which can be read two ways");
    }
    return new String[] {name.substring(0, dot), name.substring(dot + 1)};
  }

  /** A {@code session.start} record's identity, or {@code null} when it lacks one. */
  static SessionIdentity identity(JsonNode body) {
    String agent = text(body, "agent");
    if (agent == null || cut(agent)) {
      return null;
    }
    Set<String> groups = new LinkedHashSet<>();
    JsonNode array = body.get("groups");
    if (array != null && array.isArray()) {
      array.forEach(g -> groups.add(g.asText()));
    }
    return new SessionIdentity(
        agent, text(body, "subject"), text(body, "issuer"), text(body, "method"), groups);
  }

  /** A {@code grant.created} record's grant, or {@code null} when it cannot be read. */
  static RunTimeGrantRecord grantCreated(UUID id, Instant time, JsonNode body) {
    try {
      GrantConfig grant =
          new GrantConfig(
              name(text(body, "grant"), "grant"),
              new SubjectConfig(text(body, "agent"), text(body, "group")),
              name(text(body, "connection"), "connection"),
              rules(body.get("allow")),
              rules(body.get("review")),
              rules(body.get("deny")),
              body.path("limits").has("rowsPerStatement")
                  ? new LimitsConfig(body.path("limits").path("rowsPerStatement").asInt())
                  : LimitsConfig.NONE,
              text(body, "owner"),
              text(body, "reason"),
              null);
      String expiresAt = text(body, "expiresAt");
      if (expiresAt == null) {
        return null;
      }
      return new RunTimeGrantRecord(id, time, grant, Instant.parse(expiresAt), null);
    } catch (Unreadable | RuntimeException e) {
      return null;
    }
  }

  private static List<RuleConfig> rules(JsonNode array) throws Unreadable {
    List<RuleConfig> rules = new ArrayList<>();
    if (array == null || !array.isArray()) {
      return rules;
    }
    for (JsonNode rule : array) {
      JsonNode timeout = rule.get("timeoutMs");
      rules.add(
          new RuleConfig(
              strings(rule.get("actions")),
              names(strings(rule.get("tables"))),
              names(strings(rule.get("columns"))),
              timeout == null || timeout.isNull() ? null : Duration.ofMillis(timeout.asLong())));
    }
    return rules;
  }

  private static List<String> names(List<String> names) throws Unreadable {
    for (String name : names) {
      name(name, "name");
    }
    return names;
  }

  /** {@code value}, which must be there and whole. */
  private static String name(String value, String what) throws Unreadable {
    if (value == null) {
      throw new Unreadable("the record has no " + what);
    }
    if (cut(value)) {
      throw new Unreadable("a name was cut at " + MAX_NAME + " characters");
    }
    return value;
  }

  /** Whether a record cut {@code value} short (it ends in … after the longest name kept). */
  static boolean cut(String value) {
    return value.length() == MAX_NAME + CUT.length() && value.endsWith(CUT);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(v -> values.add(v.asText()));
    }
    return values;
  }

  static String text(JsonNode body, String name) {
    return StoredEvent.text(body, name);
  }

  static UUID uuid(String text) {
    if (text == null) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
