package dev.drawbridge.policy.approval;

import dev.drawbridge.core.model.ApprovalVerdict;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An approval request as approvers see it.
 *
 * @param id its id, shown to the agent in the notice that its statement waits
 * @param session the agent's session id
 * @param sequence the operation's sequence in that session (its audit event has the same)
 * @param agent the agent's name
 * @param subject the agent's token subject
 * @param connection the connection it asked on
 * @param action the operation's action ({@code write}, …)
 * @param verb the statement's verb ({@code UPDATE}, …)
 * @param resources what it touches, as messages name them ({@code public.orders})
 * @param statement the statement's text, secrets redacted
 * @param statementSha256 the SHA-256 of that text, hex
 * @param grantId the grant whose review rule held it
 * @param reason why it needs approval
 * @param requestedAt when it was held
 * @param deadline when it times out
 * @param verdict what became of it, or null while it waits
 */
public record ApprovalRequest(
    String id,
    String session,
    long sequence,
    String agent,
    String subject,
    String connection,
    String action,
    String verb,
    List<String> resources,
    String statement,
    String statementSha256,
    String grantId,
    String reason,
    Instant requestedAt,
    Instant deadline,
    ApprovalVerdict verdict) {

  public ApprovalRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(verb, "verb");
    resources = List.copyOf(resources);
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(statementSha256, "statementSha256");
    Objects.requireNonNull(grantId, "grantId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(requestedAt, "requestedAt");
    Objects.requireNonNull(deadline, "deadline");
  }

  /** {@code pending} while it waits, else its verdict's outcome ({@code approved}, …). */
  public String status() {
    return verdict == null ? "pending" : verdict.outcome();
  }

  public Optional<ApprovalVerdict> decided() {
    return Optional.ofNullable(verdict);
  }

  ApprovalRequest with(ApprovalVerdict decided) {
    return new ApprovalRequest(
        id,
        session,
        sequence,
        agent,
        subject,
        connection,
        action,
        verb,
        resources,
        statement,
        statementSha256,
        grantId,
        reason,
        requestedAt,
        deadline,
        decided);
  }
}
