package dev.drawbridge.postgres.masking;

import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.SqlState;

/** What the agent is told when the gateway refuses or stops part of a result. */
final class StopErrors {

  private StopErrors() {}

  static ErrorResponse rowLimit(RowLimit limit) {
    return ErrorResponse.error(
        SqlState.PROGRAM_LIMIT_EXCEEDED,
        "the statement returned more than "
            + limit.rows()
            + " rows, the limit of grant '"
            + limit.grantId()
            + "' (limits.rowsPerStatement); the first "
            + limit.rows()
            + " were sent and the statement was cancelled",
        "narrow the statement (WHERE, LIMIT) or ask for a grant with a higher row limit");
  }

  static ErrorResponse binaryCopy() {
    return ErrorResponse.error(
        SqlState.INSUFFICIENT_PRIVILEGE,
        "a binary COPY cannot be scanned by this connection's masking detectors, so it was"
            + " stopped",
        "copy in text or CSV format");
  }

  static ErrorResponse nullInCopy() {
    return ErrorResponse.error(
        SqlState.INSUFFICIENT_PRIVILEGE,
        "a COPY row holds a value a masking detector sends as NULL, which COPY cannot; the copy"
            + " was stopped",
        "select the rows instead, where the value comes back as NULL");
  }

  static ErrorResponse unknownStatement(String name) {
    return ErrorResponse.error(
        SqlState.INSUFFICIENT_PRIVILEGE,
        "prepared statement \""
            + name
            + "\" was not parsed through the gateway in this session (SQL PREPARE, DEALLOCATE and"
            + " DISCARD make the gateway forget them), so it cannot be bound",
        "send a Parse for it (prepare it again)");
  }

  static ErrorResponse approvedOnce(String name) {
    return ErrorResponse.error(
        SqlState.INSUFFICIENT_PRIVILEGE,
        "prepared statement \""
            + name
            + "\" was approved to run once, and it ran; binding it again would run it without"
            + " an approval",
        "send a Parse for it again to ask an approver anew");
  }

  static ErrorResponse unknownPortal(String name) {
    return ErrorResponse.error(
        SqlState.INSUFFICIENT_PRIVILEGE,
        "portal \""
            + name
            + "\" was not bound through the gateway in this session (a cursor declared in SQL is"
            + " read with FETCH)",
        "bind it again, or FETCH from the cursor");
  }
}
