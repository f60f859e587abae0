package dev.drawbridge.policy.approval;

import dev.drawbridge.core.model.ApprovalVerdict;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Approval requests as rows of {@code policy.approval_requests}: reading, settling, sweeping. */
final class RequestRows {

  static final String COLUMNS =
      "id, session_id, sequence, agent, subject, connection, action, verb, resources, statement,"
          + " statement_sha256, grant_id, reason, requested_at, deadline, status, approver,"
          + " decision_reason, temporary_grant, until, waited_ms";

  /**
   * A pending request whose gateway went away is shown as timed out this long after its deadline.
   */
  private static final Duration ORPHANED = Duration.ofMinutes(1);

  private RequestRows() {}

  static void markOrphans(Connection c) throws SQLException {
    try (PreparedStatement sweep =
        c.prepareStatement(
            "update policy.approval_requests set status = 'timed-out', decided_at = now(),"
                + " waited_ms = (extract(epoch from (deadline - requested_at)) * 1000)::bigint"
                + " where status = 'pending' and deadline < now() - make_interval(secs => ?)")) {
      sweep.setLong(1, ORPHANED.toSeconds());
      sweep.executeUpdate();
    }
  }

  static Optional<ApprovalRequest> update(Connection c, String id, ApprovalVerdict verdict)
      throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "update policy.approval_requests set status = ?, approver = ?, decision_reason = ?,"
                + " temporary_grant = ?, until = ?, waited_ms = ?, decided_at = now()"
                + " where id = ? and status = 'pending' returning "
                + COLUMNS)) {
      update.setString(1, verdict.outcome());
      switch (verdict) {
        case ApprovalVerdict.Approved approved -> {
          update.setString(2, approved.approver());
          update.setString(3, approved.reason());
          update.setString(4, approved.grantId().isEmpty() ? null : approved.grantId());
          update.setTimestamp(
              5, approved.until() == null ? null : Timestamp.from(approved.until()));
          update.setNull(6, Types.BIGINT);
        }
        case ApprovalVerdict.Denied denied -> {
          update.setString(2, denied.approver());
          update.setString(3, denied.reason());
          update.setNull(4, Types.VARCHAR);
          update.setNull(5, Types.TIMESTAMP_WITH_TIMEZONE);
          update.setNull(6, Types.BIGINT);
        }
        case ApprovalVerdict.TimedOut timedOut -> {
          update.setNull(2, Types.VARCHAR);
          update.setNull(3, Types.VARCHAR);
          update.setNull(4, Types.VARCHAR);
          update.setNull(5, Types.TIMESTAMP_WITH_TIMEZONE);
          update.setLong(6, timedOut.waited().toMillis());
        }
        case ApprovalVerdict.Abandoned abandoned -> reasonOnly(update, abandoned.reason());
        case ApprovalVerdict.Failed failed -> reasonOnly(update, failed.reason());
      }
      update.setString(7, id);
      return read(update).stream().findFirst();
    }
  }

  static void reasonOnly(PreparedStatement update, String reason) throws SQLException {
    update.setNull(2, Types.VARCHAR);
    update.setString(3, reason);
    update.setNull(4, Types.VARCHAR);
    update.setNull(5, Types.TIMESTAMP_WITH_TIMEZONE);
    update.setNull(6, Types.BIGINT);
  }

  static List<ApprovalRequest> read(PreparedStatement statement) throws SQLException {
    List<ApprovalRequest> requests = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        requests.add(request(rows));
      }
    }
    return requests;
  }

  static ApprovalRequest request(ResultSet rows) throws SQLException {
    Array resources = rows.getArray("resources");
    ApprovalRequest request =
        new ApprovalRequest(
            rows.getString("id"),
            rows.getString("session_id"),
            rows.getLong("sequence"),
            rows.getString("agent"),
            rows.getString("subject"),
            rows.getString("connection"),
            rows.getString("action"),
            rows.getString("verb"),
            List.of((String[]) resources.getArray()),
            rows.getString("statement"),
            rows.getString("statement_sha256"),
            rows.getString("grant_id"),
            rows.getString("reason"),
            rows.getTimestamp("requested_at").toInstant(),
            rows.getTimestamp("deadline").toInstant(),
            null);
    return request.with(verdict(rows));
  }

  static ApprovalVerdict verdict(ResultSet rows) throws SQLException {
    String reason = rows.getString("decision_reason");
    return switch (rows.getString("status")) {
      case "pending" -> null;
      case "approved" -> {
        Timestamp until = rows.getTimestamp("until");
        yield new ApprovalVerdict.Approved(
            rows.getString("approver"),
            reason,
            rows.getString("temporary_grant"),
            until == null ? null : until.toInstant());
      }
      case "denied" -> new ApprovalVerdict.Denied(rows.getString("approver"), reason);
      case "timed-out" ->
          new ApprovalVerdict.TimedOut(Duration.ofMillis(rows.getLong("waited_ms")));
      case "abandoned" -> new ApprovalVerdict.Abandoned(reason == null ? "" : reason);
      default -> new ApprovalVerdict.Failed(reason == null ? "" : reason);
    };
  }
}
