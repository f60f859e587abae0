package dev.drawbridge.core.ports;

import dev.drawbridge.core.model.ApprovalVerdict;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/** An operation waiting for a human. */
public interface PendingApproval {

  /** The approval request's id, shown to the agent and to approvers. */
  String id();

  /** When it times out if nobody decides. */
  Instant deadline();

  /**
   * Completes once, on a thread of the broker's (never the caller's event loop): approved, denied,
   * timed out, or abandoned.
   */
  CompletionStage<ApprovalVerdict> verdict();

  /** The agent gave up waiting (a PostgreSQL CancelRequest, a closed connection). */
  void abandon(String reason);
}
