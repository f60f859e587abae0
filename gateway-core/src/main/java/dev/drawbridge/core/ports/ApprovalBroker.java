package dev.drawbridge.core.ports;

import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Operation;

/** Holds an operation that a grant sends to review until a human decides it. */
public interface ApprovalBroker {

  PendingApproval request(Operation operation, Decision.Review review);
}
