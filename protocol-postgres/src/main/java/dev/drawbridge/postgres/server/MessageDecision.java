package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.Operation;
import dev.drawbridge.postgres.masking.RowLimit;
import java.util.List;

/**
 * One {@code Query} or {@code Parse} being decided statement by statement, with what its results
 * will need (row limit, masking, cursor). A statement held for approval pauses it here until the
 * approver's verdict; used on the session's event loop only.
 */
final class MessageDecision {

  final List<SqlSession.Planned> plan;
  final boolean extended;
  final long firstOperation;

  /** The next statement to decide. */
  int next;

  RowLimit limit;
  boolean readsMasked;
  boolean forgetsNames;
  String cursor;

  /** The statement that waits for an approval, once one does. */
  Operation operation;

  /**
   * Whether an approver let one of its statements run once (not for a while): a statement it
   * prepares may then be bound only once.
   */
  boolean approvedOnce;

  MessageDecision(List<SqlSession.Planned> plan, boolean extended, long firstOperation) {
    this.plan = plan;
    this.extended = extended;
    this.firstOperation = firstOperation;
  }
}
