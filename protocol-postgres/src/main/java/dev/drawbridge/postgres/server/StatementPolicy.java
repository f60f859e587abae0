package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.ports.Authorizer;
import java.util.OptionalLong;

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

  /** The most rows a statement allowed under grant {@code grantId} may return; empty for none. */
  default OptionalLong rowLimit(String grantId) {
    return OptionalLong.empty();
  }

  /**
   * The grants decide: each operation is evaluated by the authorizer on its own, so a grant that
   * lapses during a session stops covering the statements that follow; each grant's row limit
   * applies to the statements it allowed.
   */
  static StatementPolicy grants(Authorizer authorizer) {
    return new StatementPolicy() {
      @Override
      public Decision decide(Operation operation, Decision.Allow admission) {
        return authorizer.decide(operation);
      }

      @Override
      public OptionalLong rowLimit(String grantId) {
        return authorizer.rowLimit(grantId);
      }
    };
  }
}
