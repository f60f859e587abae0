package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.ports.Authorizer;
import java.util.List;

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
   * Connect-level enforcement, what the gateway enforces until statements are classified and
   * checked against grant rules: a statement is allowed while a grant still lets the agent connect
   * to the session's connection. A grant that lapses or is withdrawn during the session refuses the
   * statements that follow, with the connect refusal's reason and remedy.
   */
  static StatementPolicy connectScoped(Authorizer authorizer) {
    return (operation, admission) ->
        authorizer.decide(
            new Operation(
                operation.session(),
                operation.sequence(),
                Action.CONNECT,
                "connect",
                List.of(),
                "",
                operation.startNanos()));
  }
}
