package dev.drawbridge.server.admin.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.core.model.ApprovalVerdict;
import dev.drawbridge.policy.approval.ApprovalRequest;
import dev.drawbridge.policy.approval.TemporaryGrant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The admin API's JSON: approval requests and grants as docs/admin-api.md shows them. Times are
 * ISO-8601 instants in UTC ({@code 2026-11-24T12:00:00Z}), durations ISO-8601 ({@code PT5M}).
 */
final class ApiJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ApiJson() {}

  static ObjectMapper mapper() {
    return MAPPER;
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  static ObjectNode approvals(List<ApprovalRequest> requests) {
    ObjectNode body = NODES.objectNode();
    ArrayNode list = body.putArray("approvals");
    requests.forEach(r -> list.add(approval(r)));
    return body;
  }

  static ObjectNode approval(ApprovalRequest request) {
    ObjectNode json = NODES.objectNode();
    json.put("id", request.id());
    json.put("session", request.session());
    json.put("sequence", request.sequence());
    json.put("agent", request.agent());
    json.put("subject", request.subject());
    json.put("connection", request.connection());
    json.put("action", request.action());
    json.put("verb", request.verb());
    ArrayNode resources = json.putArray("resources");
    request.resources().forEach(resources::add);
    json.put("statement", request.statement());
    json.put("statementSha256", request.statementSha256());
    json.put("grant", request.grantId());
    json.put("reason", request.reason());
    json.put("requestedAt", time(request.requestedAt()));
    json.put("deadline", time(request.deadline()));
    json.put("status", request.status());
    request.decided().ifPresent(verdict -> decision(json, verdict));
    return json;
  }

  private static void decision(ObjectNode json, ApprovalVerdict verdict) {
    switch (verdict) {
      case ApprovalVerdict.Approved approved -> {
        json.put("approver", approved.approver());
        putIfPresent(json, "decisionReason", approved.reason());
        putIfPresent(json, "temporaryGrant", approved.grantId());
        if (approved.until() != null) {
          json.put("until", time(approved.until()));
        }
      }
      case ApprovalVerdict.Denied denied -> {
        json.put("approver", denied.approver());
        putIfPresent(json, "decisionReason", denied.reason());
      }
      case ApprovalVerdict.TimedOut timedOut ->
          json.put("decisionReason", "no approver decided within " + timedOut.waited());
      case ApprovalVerdict.Abandoned abandoned ->
          putIfPresent(json, "decisionReason", abandoned.reason());
      case ApprovalVerdict.Failed failed -> putIfPresent(json, "decisionReason", failed.reason());
    }
  }

  static ObjectNode grants(List<GrantConfig> configured, List<TemporaryGrant> temporary) {
    ObjectNode body = NODES.objectNode();
    ArrayNode file = body.putArray("configured");
    configured.forEach(g -> file.add(configured(g)));
    ArrayNode runTime = body.putArray("temporary");
    temporary.forEach(g -> runTime.add(temporary(g)));
    return body;
  }

  static ObjectNode configured(GrantConfig grant) {
    ObjectNode json = grant(grant);
    if (grant.expires() != null) {
      json.put("expires", grant.expires().toString());
    }
    return json;
  }

  static ObjectNode temporary(TemporaryGrant temporary) {
    ObjectNode json = grant(temporary.grant());
    json.put("expiresAt", time(temporary.expiresAt()));
    json.put("creator", temporary.creator());
    json.put("createdAt", time(temporary.createdAt()));
    putIfPresent(json, "approval", temporary.approval());
    return json;
  }

  private static ObjectNode grant(GrantConfig grant) {
    ObjectNode json = NODES.objectNode();
    json.put("id", grant.id());
    ObjectNode subject = json.putObject("subject");
    if (grant.subject() != null) {
      putIfPresent(subject, "agent", grant.subject().agent());
      putIfPresent(subject, "group", grant.subject().group());
    }
    json.put("connection", grant.connection());
    rules(json.putArray("allow"), grant.allow());
    rules(json.putArray("review"), grant.review());
    rules(json.putArray("deny"), grant.deny());
    ObjectNode limits = json.putObject("limits");
    if (grant.limits().rowsPerStatement() != null) {
      limits.put("rowsPerStatement", grant.limits().rowsPerStatement());
    }
    putIfPresent(json, "owner", grant.owner());
    putIfPresent(json, "reason", grant.reason());
    return json;
  }

  private static void rules(ArrayNode array, List<RuleConfig> rules) {
    for (RuleConfig rule : rules) {
      ObjectNode json = array.addObject();
      strings(json.putArray("actions"), rule.actions());
      strings(json.putArray("tables"), rule.tables());
      strings(json.putArray("columns"), rule.columns());
      if (rule.timeout() != null) {
        json.put("timeout", duration(rule.timeout()));
      }
    }
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static void putIfPresent(ObjectNode json, String field, String value) {
    if (value != null && !value.isEmpty()) {
      json.put(field, value);
    }
  }

  static String time(Instant instant) {
    return instant.toString();
  }

  static String duration(Duration duration) {
    return duration.toString();
  }
}
