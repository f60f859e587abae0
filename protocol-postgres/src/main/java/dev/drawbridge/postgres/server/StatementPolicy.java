package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.ports.Authorizer;

/**
 * Decides each operation of a session after it connected (every statement of a {@code Query} or
 * {@code Parse}, every {@code FunctionCall}): the session's single decision point.
 */
@FunctionalInterface
public interface StatementPolicy {

  /**
   * @param operation the statement, as an operation of the session
   * @param admission the decision that let the session connect
   */
  Decision decide(Operation operation, Decision.Allow admission);

  /**
   * The grants decide: each operation is evaluated by the authorizer on its own, so a grant that
   * lapses during a session stops covering the statements that follow.
   */
  static StatementPolicy grants(Authorizer authorizer) {
    return (operation, admission) -> authorizer.decide(operation);
  }
}
