package dev.drawbridge.core.ports;

import dev.drawbridge.core.model.Decision;
import java.util.concurrent.CompletionStage;

/** An operation waiting for a human. */
public interface PendingApproval {

  /** The approval request's id, shown to the agent and to approvers. */
  String id();

  /** Completes with {@link Decision.Allow} or {@link Decision.Deny}; a timeout is a deny. */
  CompletionStage<Decision> outcome();

  /** The agent gave up waiting (a PostgreSQL CancelRequest, a closed connection). */
  void abandon(String reason);
}
