package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Operation;

/**
 * Decides each statement (every {@code Query}, {@code Parse} and {@code FunctionCall}) of a
 * session: the session's single decision point.
 */
@FunctionalInterface
public interface StatementPolicy {

  /**
   * @param operation the statement, as an operation of the session
   * @param admission the decision that let the session connect
   */
  Decision decide(Operation operation, Decision.Allow admission);

  /**
   * Connect-level enforcement: a statement is allowed under the grant that admitted the session.
   * This is what the gateway enforces until statements are classified and checked against grant
   * rules.
   */
  static StatementPolicy admissionScoped() {
    return (operation, admission) -> admission;
  }
}
