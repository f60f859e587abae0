package dev.drawbridge.server.review;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.audit.query.ReviewEvidence;
import dev.drawbridge.policy.review.Recommendation;
import dev.drawbridge.policy.review.Unused;
import dev.drawbridge.policy.review.Use;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The evidence of a review as the admin API shows it (docs/access-reviews.md). */
final class EvidenceJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private EvidenceJson() {}

  /** The audit store's rows as the uses a grant review weighs. */
  static List<Use> uses(List<ReviewEvidence.Activity> activity) {
    List<Use> uses = new ArrayList<>();
    for (ReviewEvidence.Activity row : activity) {
      String name = row.name();
      int dot = name.indexOf('.');
      uses.add(
          new Use(
              row.action(),
              dot < 0 ? "" : name.substring(0, dot),
              dot < 0 ? name : name.substring(dot + 1),
              Set.copyOf(row.columns()),
              row.count(),
              row.last(),
              row.events()));
    }
    return uses;
  }

  /** One grant's evidence: its operations, last use, refused attempts, approval requests. */
  static ObjectNode grantEvidence(
      List<ReviewEvidence.Activity> activity,
      List<ReviewEvidence.Refusal> refused,
      List<ReviewEvidence.Approval> approvals) {
    ObjectNode json = NODES.objectNode();
    json.set("operations", operations(activity, false));
    json.put("operationCount", activity.stream().mapToLong(ReviewEvidence.Activity::count).sum());
    activity.stream()
        .max(Comparator.comparing(ReviewEvidence.Activity::last))
        .ifPresentOrElse(
            last -> {
              json.put("lastUse", last.last().toString());
              json.put("lastUseEvent", last.events().getFirst());
            },
            () -> {
              json.putNull("lastUse");
              json.putNull("lastUseEvent");
            });
    json.set("denied", refusals(refused));
    json.set("approvals", approvals(approvals));
    return json;
  }

  /**
   * Per agent: the grants its operations cited, what it did, was refused and asked approval for.
   */
  static ObjectNode agent(
      String agent,
      List<ReviewEvidence.Activity> did,
      List<ReviewEvidence.Refusal> refused,
      List<ReviewEvidence.Approval> approvals) {
    ObjectNode json = NODES.objectNode();
    json.put("agent", agent);
    Set<String> cited = new LinkedHashSet<>();
    did.forEach(a -> cited.add(a.grant()));
    cited.forEach(json.putArray("grantsUsed")::add);
    json.set("did", operations(did, true));
    json.put("operationCount", did.stream().mapToLong(ReviewEvidence.Activity::count).sum());
    json.set("refused", refusals(refused));
    json.set("approvals", approvals(approvals));
    return json;
  }

  private static ArrayNode operations(List<ReviewEvidence.Activity> activity, boolean withGrant) {
    ArrayNode array = NODES.arrayNode();
    for (ReviewEvidence.Activity row : activity) {
      ObjectNode json = array.addObject();
      if (withGrant) {
        json.put("grant", row.grant());
        json.put("connection", row.connection());
      }
      json.put("action", row.action());
      json.put("kind", row.kind().isEmpty() ? "none" : row.kind());
      json.put("resource", row.name());
      row.columns().forEach(json.putArray("columns")::add);
      json.put("count", row.count());
      json.put("last", row.last().toString());
      row.events().forEach(json.putArray("events")::add);
    }
    return array;
  }

  private static ObjectNode refusals(List<ReviewEvidence.Refusal> refused) {
    ObjectNode json = NODES.objectNode();
    json.put("count", refused.size());
    ArrayNode attempts = json.putArray("attempts");
    for (ReviewEvidence.Refusal r : refused) {
      ObjectNode attempt = attempts.addObject();
      attempt.put("time", r.time().toString());
      attempt.put("agent", r.agent());
      attempt.put("connection", r.connection());
      attempt.put("action", r.action());
      attempt.put("verb", r.verb());
      r.resources().forEach(attempt.putArray("resources")::add);
      attempt.put("statement", r.statement());
      attempt.put("reason", r.reason());
      attempt.put("event", r.event());
    }
    return json;
  }

  private static ObjectNode approvals(List<ReviewEvidence.Approval> approvals) {
    ObjectNode json = NODES.objectNode();
    json.put("requested", approvals.size());
    json.put("approved", approvals.stream().filter(a -> "approved".equals(a.outcome())).count());
    ArrayNode requests = json.putArray("requests");
    for (ReviewEvidence.Approval a : approvals) {
      ObjectNode request = requests.addObject();
      request.put("approval", a.approval());
      request.put("agent", a.agent());
      request.put("connection", a.connection());
      request.put("grant", a.grant());
      request.put("statement", a.statement());
      request.put("requestedAt", time(a.requestedAt()));
      request.put("outcome", a.outcome());
      request.put("approver", a.approver());
      request.put("decidedAt", time(a.decidedAt()));
      request.put("reason", a.reason());
      request.put("temporaryGrant", a.temporaryGrant());
      request.put("requestEvent", a.requestEvent());
      request.put("decisionEvent", a.decisionEvent());
    }
    return json;
  }

  static ArrayNode unused(List<Unused> unused) {
    ArrayNode array = NODES.arrayNode();
    for (Unused u : unused) {
      ObjectNode json = array.addObject();
      json.put("rule", u.rule());
      json.put("action", u.action());
      u.tables().forEach(json.putArray("tables")::add);
      u.columns().forEach(json.putArray("columns")::add);
      u.beyond().forEach(json.putArray("beyond")::add);
    }
    return array;
  }

  static ObjectNode recommendation(Recommendation recommendation) {
    ObjectNode json = NODES.objectNode();
    json.put("kind", recommendation.kind());
    switch (recommendation) {
      case Recommendation.Certify c ->
          json.put("why", "everything it allows was used in the window");
      case Recommendation.Narrow narrow -> {
        json.put("why", "it allows more than was used in the window; keep only what was used");
        json.set("grant", GrantJson.write(narrow.narrowed()));
      }
      case Recommendation.Revoke revoke -> json.put("why", revoke.why());
    }
    return json;
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
