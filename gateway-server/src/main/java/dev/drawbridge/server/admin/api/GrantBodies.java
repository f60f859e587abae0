package dev.drawbridge.server.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.config.Durations;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.LimitsConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A grant as a request body writes it, read strictly: the configuration file's shape, with every
 * unknown field and wrong type refused (400) so that a typo never grants more than meant.
 */
final class GrantBodies {

  private static final Set<String> RULE_FIELDS = Set.of("actions", "tables", "columns", "timeout");

  private GrantBodies() {}

  static GrantConfig grant(ObjectNode body) {
    return grant(body, null);
  }

  /** A grant with the file's {@code expires} (a date, {@code 2027-03-31}), as a candidate has. */
  static GrantConfig candidate(JsonNode node, String path) {
    ObjectNode body =
        object(
            node,
            path,
            Set.of(
                "id",
                "subject",
                "connection",
                "allow",
                "review",
                "deny",
                "limits",
                "owner",
                "reason",
                "expires"));
    LocalDate expires =
        RequestBody.string(body, "expires")
            .map(
                text -> {
                  try {
                    return LocalDate.parse(text);
                  } catch (DateTimeParseException e) {
                    throw new ProblemException(
                        400, "'" + path + ".expires' must be a date (2027-03-31)");
                  }
                })
            .orElse(null);
    return grant(body, expires);
  }

  private static GrantConfig grant(ObjectNode body, LocalDate expires) {
    return new GrantConfig(
        RequestBody.string(body, "id").orElse(null),
        subject(body.get("subject")),
        RequestBody.string(body, "connection").orElse(null),
        rules(body, "allow"),
        rules(body, "review"),
        rules(body, "deny"),
        limits(body.get("limits")),
        RequestBody.string(body, "owner").orElse(null),
        RequestBody.string(body, "reason").orElse(null),
        expires);
  }

  static Duration lasting(String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(400, "'for': " + e.getMessage());
    }
  }

  private static SubjectConfig subject(JsonNode node) {
    if (node == null || node.isNull()) {
      throw new ProblemException(
          400, "'subject' is required: {\"agent\": \"…\"} or {\"group\": \"…\"}");
    }
    ObjectNode subject = object(node, "subject", Set.of("agent", "group"));
    return new SubjectConfig(
        RequestBody.string(subject, "agent").orElse(null),
        RequestBody.string(subject, "group").orElse(null));
  }

  private static List<RuleConfig> rules(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new ProblemException(400, "'" + field + "' must be a list of rules");
    }
    List<RuleConfig> rules = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String path = field + "[" + i + "]";
      ObjectNode rule = object(node.get(i), path, RULE_FIELDS);
      Duration timeout =
          RequestBody.string(rule, "timeout").map(t -> duration(t, path + ".timeout")).orElse(null);
      if (timeout != null && !field.equals("review")) {
        throw new ProblemException(400, "'" + path + ".timeout': only a review rule waits");
      }
      rules.add(
          new RuleConfig(
              strings(rule, "actions", path),
              strings(rule, "tables", path),
              strings(rule, "columns", path),
              timeout));
    }
    return rules;
  }

  private static LimitsConfig limits(JsonNode node) {
    if (node == null || node.isNull()) {
      return LimitsConfig.NONE;
    }
    ObjectNode limits = object(node, "limits", Set.of("rowsPerStatement"));
    JsonNode rows = limits.get("rowsPerStatement");
    if (rows == null || rows.isNull()) {
      return LimitsConfig.NONE;
    }
    if (!rows.isInt() || rows.asInt() < 1) {
      throw new ProblemException(
          400, "'limits.rowsPerStatement' must be a whole number of at least 1");
    }
    return new LimitsConfig(rows.asInt());
  }

  private static List<String> strings(ObjectNode rule, String field, String path) {
    JsonNode node = rule.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new ProblemException(400, "'" + path + "." + field + "' must be a list of strings");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode value : node) {
      if (!value.isTextual()) {
        throw new ProblemException(400, "'" + path + "." + field + "' must be a list of strings");
      }
      values.add(value.asText());
    }
    return values;
  }

  private static ObjectNode object(JsonNode node, String path, Set<String> fields) {
    if (!(node instanceof ObjectNode object)) {
      throw new ProblemException(400, "'" + path + "' must be an object");
    }
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw new ProblemException(
            400, "'" + path + "." + name + "' is not a field here; expected one of " + fields);
      }
    }
    return object;
  }

  private static Duration duration(String text, String path) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(400, "'" + path + "': " + e.getMessage());
    }
  }
}
