package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.ApprovalVerdict;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.ports.ApprovalBroker;
import dev.drawbridge.core.ports.AuditReceipt;
import dev.drawbridge.core.ports.PendingApproval;
import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.SqlState;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Asking approvers about a held statement, and what an agent is told while it waits and when it
 * does not run.
 */
final class Approvals {

  private Approvals() {}

  /**
   * Puts the relay's held statement before the approvers, records the request and tells the agent
   * which request it waits on. Empty when it cannot wait (no approvals on this gateway, or the
   * journal refused the request): it was then refused in its place.
   */
  static Optional<PendingApproval> ask(Relay relay, Decision.Review review) {
    MessageDecision message = relay.held();
    Operation operation = message.operation;
    ApprovalBroker broker = relay.approvals();
    if (broker == null) {
      relay.dropHeld();
      relay.refuse(
          ErrorResponse.error(
              SqlState.INSUFFICIENT_PRIVILEGE,
              review.reason(),
              "approvals are not enabled on this gateway; ask for a grant that allows it"),
          message.extended);
      return Optional.empty();
    }
    PendingApproval pending = broker.request(operation, review);
    if (relay.ledger().approvalRequested(operation, pending, review)
        instanceof AuditReceipt.Refused refused) {
      pending.abandon("the audit journal refused the request");
      relay.dropHeld();
      relay.refuse(Relay.refusal(AuditRefusals.operation(refused)), message.extended);
      return Optional.empty();
    }
    relay.metrics().held();
    relay.agent().writeAndFlush(waiting(pending, review).encode(relay.agent().alloc()));
    return Optional.of(pending);
  }

  /** The notice that tells the agent its statement waits, and on which request. */
  static ErrorResponse waiting(PendingApproval pending, Decision.Review review) {
    return ErrorResponse.notice(
        review.reason()
            + "; waiting for an approver (request "
            + pending.id()
            + ", until "
            + pending.deadline().truncatedTo(ChronoUnit.SECONDS)
            + ")",
        "an approver runs: drawbridge approvals approve "
            + pending.id()
            + "; cancel the statement to stop waiting");
  }

  /** What the agent is told when {@code verdict} (anything but an approval) stops its statement. */
  static ErrorResponse refusal(String request, Decision.Review review, ApprovalVerdict verdict) {
    return switch (verdict) {
      case ApprovalVerdict.Denied denied -> denied(request, denied);
      case ApprovalVerdict.TimedOut timedOut -> timedOut(request, review, timedOut);
      case ApprovalVerdict.Failed failed -> failed(request, failed);
      case ApprovalVerdict.Abandoned abandoned -> abandoned(request);
      case ApprovalVerdict.Approved approved ->
          throw new IllegalArgumentException("an approved statement is not refused");
    };
  }

  private static ErrorResponse denied(String request, ApprovalVerdict.Denied denied) {
    return ErrorResponse.error(
        SqlState.INSUFFICIENT_PRIVILEGE,
        "request " + request + " was denied by " + denied.approver() + ": " + denied.reason(),
        "do not retry it as it is; ask the approver, or ask for a grant that allows it");
  }

  private static ErrorResponse timedOut(
      String request, Decision.Review review, ApprovalVerdict.TimedOut timedOut) {
    return ErrorResponse.error(
        SqlState.INSUFFICIENT_PRIVILEGE,
        "request "
            + request
            + " timed out: no approver decided within "
            + words(timedOut.waited())
            + " ("
            + review.reason()
            + ")",
        "send the statement again to ask anew, and tell an approver (drawbridge approvals list);"
            + " or ask for a grant that allows it");
  }

  private static ErrorResponse failed(String request, ApprovalVerdict.Failed failed) {
    return ErrorResponse.error(
        SqlState.INSUFFICIENT_PRIVILEGE,
        "request " + request + " could not be put before approvers: " + failed.reason(),
        "the statement did not run; send it again later, or ask for a grant that allows it");
  }

  private static ErrorResponse abandoned(String request) {
    return ErrorResponse.error(
        SqlState.QUERY_CANCELED,
        "canceling statement due to user request (it was waiting for approval " + request + ")",
        "");
  }

  /** {@code 5m}, {@code 90s}, {@code 1500ms}. */
  private static String words(Duration duration) {
    if (duration.toMillis() % 60_000 == 0) {
      return duration.toMinutes() + "m";
    }
    if (duration.toMillis() % 1_000 == 0) {
      return duration.toSeconds() + "s";
    }
    return duration.toMillis() + "ms";
  }
}
