package dev.drawbridge.server.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.LimitsConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A grant as JSON, the way the admin API shows grants ({@code id}, {@code subject}, {@code
 * connection}, {@code allow}, {@code review}, {@code deny}, {@code limits}, {@code owner}, {@code
 * reason}, {@code expires}), and back.
 */
final class GrantJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private GrantJson() {}

  static ObjectNode write(GrantConfig grant) {
    ObjectNode json = NODES.objectNode();
    json.put("id", grant.id());
    ObjectNode subject = json.putObject("subject");
    if (grant.subject() != null) {
      putIfPresent(subject, "agent", grant.subject().agent());
      putIfPresent(subject, "group", grant.subject().group());
    }
    json.put("connection", grant.connection());
    json.set("allow", rules(grant.allow()));
    json.set("review", rules(grant.review()));
    json.set("deny", rules(grant.deny()));
    ObjectNode limits = json.putObject("limits");
    if (grant.limits().rowsPerStatement() != null) {
      limits.put("rowsPerStatement", grant.limits().rowsPerStatement());
    }
    putIfPresent(json, "owner", grant.owner());
    putIfPresent(json, "reason", grant.reason());
    if (grant.expires() != null) {
      json.put("expires", grant.expires().toString());
    }
    return json;
  }

  static ArrayNode rules(List<RuleConfig> rules) {
    ArrayNode array = NODES.arrayNode();
    for (RuleConfig rule : rules) {
      ObjectNode json = array.addObject();
      rule.actions().forEach(json.putArray("actions")::add);
      rule.tables().forEach(json.putArray("tables")::add);
      rule.columns().forEach(json.putArray("columns")::add);
      if (rule.timeout() != null) {
        json.put("timeout", rule.timeout().toString());
      }
    }
    return array;
  }

  static GrantConfig read(JsonNode json) {
    JsonNode subject = json.path("subject");
    JsonNode rows = json.path("limits").path("rowsPerStatement");
    return new GrantConfig(
        json.path("id").asText(),
        new SubjectConfig(text(subject, "agent"), text(subject, "group")),
        json.path("connection").asText(),
        readRules(json.path("allow")),
        readRules(json.path("review")),
        readRules(json.path("deny")),
        rows.isNumber() ? new LimitsConfig(rows.asInt()) : LimitsConfig.NONE,
        text(json, "owner"),
        text(json, "reason"),
        json.hasNonNull("expires") ? LocalDate.parse(json.get("expires").asText()) : null);
  }

  static List<RuleConfig> readRules(JsonNode array) {
    List<RuleConfig> rules = new ArrayList<>();
    for (JsonNode rule : array) {
      rules.add(
          new RuleConfig(
              strings(rule.path("actions")),
              strings(rule.path("tables")),
              strings(rule.path("columns")),
              rule.hasNonNull("timeout") ? Duration.parse(rule.get("timeout").asText()) : null));
    }
    return rules;
  }

  static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static String text(JsonNode json, String field) {
    return json.hasNonNull(field) ? json.get(field).asText() : null;
  }

  private static void putIfPresent(ObjectNode json, String field, String value) {
    if (value != null && !value.isEmpty()) {
      json.put(field, value);
    }
  }
}
