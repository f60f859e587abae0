package dev.drawbridge.policy;

import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Operation;
import java.util.EnumMap;
import java.util.Map;

/**
 * Decides every operation other than {@code connect}: the place where statement-level rules (a
 * grant's allow, review and deny rules on tables and columns) will be evaluated.
 *
 * <p>They are not evaluated yet, so for now this refuses everything (fail closed), saying so.
 * Replace {@link #NOT_YET_EVALUATED} with the rule evaluation when it lands.
 */
@FunctionalInterface
interface StatementPolicy {

  Decision decide(Operation operation);

  /** Refuses every action with a reason that says rules are not evaluated yet. */
  StatementPolicy NOT_YET_EVALUATED = new NotYetEvaluated();

  /** The fail-closed placeholder; its refusals are made once, one per action. */
  final class NotYetEvaluated implements StatementPolicy {

    private final Map<Action, Decision.Deny> refusals = new EnumMap<>(Action.class);

    private NotYetEvaluated() {
      for (Action action : Action.values()) {
        refusals.put(
            action,
            new Decision.Deny(
                "action '"
                    + action.configName()
                    + "' is not evaluated by this gateway's policy engine yet",
                ""));
      }
    }

    @Override
    public Decision decide(Operation operation) {
      return refusals.get(operation.action());
    }
  }
}
