package dev.drawbridge.core.ports;

import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Operation;

/**
 * Holds an operation that a grant sends to review until a human decides it. Called on an event
 * loop: it registers the request and returns at once; the decision arrives later.
 */
public interface ApprovalBroker {

  /**
   * Puts {@code operation} before the approvers.
   *
   * @param review the decision that held it: the grant, the reason, the timeout
   */
  PendingApproval request(Operation operation, Decision.Review review);
}
