package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.ApprovalVerdict;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.SqlState;
import java.time.Duration;

/** What an agent is told when a statement that waited for an approval does not run. */
final class Approvals {

  private Approvals() {}

  static ErrorResponse denied(String request, ApprovalVerdict.Denied denied) {
    return ErrorResponse.error(
        SqlState.INSUFFICIENT_PRIVILEGE,
        "request " + request + " was denied by " + denied.approver() + ": " + denied.reason(),
        "do not retry it as it is; ask the approver, or ask for a grant that allows it");
  }

  static ErrorResponse timedOut(
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

  static ErrorResponse failed(String request, ApprovalVerdict.Failed failed) {
    return ErrorResponse.error(
        SqlState.INSUFFICIENT_PRIVILEGE,
        "request " + request + " could not be put before approvers: " + failed.reason(),
        "the statement did not run; send it again later, or ask for a grant that allows it");
  }

  static ErrorResponse abandoned(String request) {
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
