package dev.drawbridge.audit.record;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import dev.drawbridge.core.model.ApprovalVerdict;
import dev.drawbridge.core.model.AuditEvent;
import java.io.IOException;
import java.util.List;

/**
 * The canonical bodies of the policy events (approval verdicts, run-time grants, access review
 * decisions), in the fixed order and with the bounded values of {@link CanonicalEncoding}.
 */
final class PolicyEventEncoding {

  private PolicyEventEncoding() {}

  /**
   * An access review's decision: the campaign and grant (its agent and connection as columns copy
   * them), the decision in {@code decision}, who took it and why, what it did, then the narrowed
   * {@code allow} rules or the new end ({@code until}) when it has them.
   */
  static void review(JsonGenerator json, AuditEvent.ReviewDecided decided) throws IOException {
    CanonicalEncoding.string(json, "campaign", decided.campaign());
    CanonicalEncoding.string(json, "grant", decided.grantId());
    CanonicalEncoding.string(json, "agent", decided.agent());
    CanonicalEncoding.string(json, "connection", decided.connection());
    CanonicalEncoding.string(json, "kind", decided.kind());
    CanonicalEncoding.string(json, "decision", decided.decision());
    CanonicalEncoding.string(json, "reviewer", decided.reviewer());
    CanonicalEncoding.string(json, "reason", decided.reason());
    CanonicalEncoding.string(json, "applied", decided.applied());
    if (decided.decision().equals("narrow")) {
      rules(json, "allow", decided.allow());
    }
    if (decided.until() != null) {
      CanonicalEncoding.string(json, "until", CanonicalEncoding.time(decided.until()));
    }
  }

  /**
   * What became of a held operation: its outcome in {@code decision} (so that it is the event's
   * decision column), then only the fields that outcome has.
   */
  static void verdict(JsonGenerator json, ApprovalVerdict verdict) throws IOException {
    CanonicalEncoding.string(json, "decision", verdict.outcome());
    switch (verdict) {
      case ApprovalVerdict.Approved approved -> {
        CanonicalEncoding.string(json, "approver", approved.approver());
        CanonicalEncoding.string(json, "reason", approved.reason());
        if (!approved.grantId().isEmpty() || approved.until() != null) {
          CanonicalEncoding.string(json, "grant", approved.grantId());
          CanonicalEncoding.string(
              json,
              "until",
              approved.until() == null ? null : CanonicalEncoding.time(approved.until()));
        }
      }
      case ApprovalVerdict.Denied denied -> {
        CanonicalEncoding.string(json, "approver", denied.approver());
        CanonicalEncoding.string(json, "reason", denied.reason());
      }
      case ApprovalVerdict.TimedOut timedOut ->
          CanonicalEncoding.number(json, "waitedMs", timedOut.waited().toMillis());
      case ApprovalVerdict.Abandoned abandoned ->
          CanonicalEncoding.string(json, "reason", abandoned.reason());
      case ApprovalVerdict.Failed failed ->
          CanonicalEncoding.string(json, "reason", failed.reason());
    }
  }

  /**
   * A grant as created, whole: its id in {@code grant} (as operations name it), its subject as
   * {@code agent} or {@code group} (the other null), its rules and limits as configured, then who
   * created it, when it lapses and the approval it came from.
   */
  static void grant(JsonGenerator json, AuditEvent.GrantCreated created) throws IOException {
    GrantConfig grant = created.grant();
    SubjectConfig subject = grant.subject();
    CanonicalEncoding.string(json, "grant", grant.id());
    CanonicalEncoding.string(json, "agent", subject == null ? null : subject.agent());
    CanonicalEncoding.string(json, "group", subject == null ? null : subject.group());
    CanonicalEncoding.string(json, "connection", grant.connection());
    rules(json, "allow", grant.allow());
    rules(json, "review", grant.review());
    rules(json, "deny", grant.deny());
    json.writeFieldName(CanonicalEncoding.key("limits"));
    json.writeStartObject();
    if (grant.limits().rowsPerStatement() != null) {
      CanonicalEncoding.number(json, "rowsPerStatement", grant.limits().rowsPerStatement());
    }
    json.writeEndObject();
    CanonicalEncoding.string(json, "owner", grant.owner());
    CanonicalEncoding.string(json, "reason", grant.reason());
    CanonicalEncoding.string(json, "expiresAt", CanonicalEncoding.time(created.expiresAt()));
    CanonicalEncoding.string(json, "creator", created.creator());
    CanonicalEncoding.string(json, "approval", created.approval());
  }

  /** A grant's rules: each its actions, tables and columns, and its timeout when it has one. */
  private static void rules(JsonGenerator json, String name, List<RuleConfig> rules)
      throws IOException {
    CanonicalEncoding.array(json, name);
    for (RuleConfig rule : rules) {
      json.writeStartObject();
      CanonicalEncoding.names(json, "actions", rule.actions());
      CanonicalEncoding.names(json, "tables", rule.tables());
      CanonicalEncoding.names(json, "columns", rule.columns());
      if (rule.timeout() != null) {
        CanonicalEncoding.number(json, "timeoutMs", rule.timeout().toMillis());
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }
}
