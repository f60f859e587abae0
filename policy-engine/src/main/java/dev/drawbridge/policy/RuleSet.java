package dev.drawbridge.policy;

import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.core.model.Action;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of one kind ({@code allow}, {@code review} or {@code deny}) of one grant, in the order
 * of the file, and the same rules by action, so that a decision only looks at the rules that name
 * its action. Immutable.
 */
final class RuleSet {

  static final RuleSet EMPTY = new RuleSet(List.of());

  private final List<Rule> all;
  private final Map<Action, List<Rule>> byAction;

  private RuleSet(List<Rule> all) {
    this.all = List.copyOf(all);
    Map<Action, List<Rule>> building = new EnumMap<>(Action.class);
    for (Action action : Action.values()) {
      building.put(action, all.stream().filter(rule -> rule.actions().contains(action)).toList());
    }
    this.byAction = building;
  }

  /**
   * @throws IllegalArgumentException when a rule is invalid (see {@link Rule#of})
   */
  static RuleSet of(List<RuleConfig> rules) {
    List<Rule> compiled = new ArrayList<>();
    for (RuleConfig rule : rules) {
      compiled.add(Rule.of(rule));
    }
    return compiled.isEmpty() ? EMPTY : new RuleSet(compiled);
  }

  /** Every rule, in the order of the file. */
  List<Rule> all() {
    return all;
  }

  /** The rules that name {@code action}, in the order of the file. */
  List<Rule> naming(Action action) {
    return byAction.get(action);
  }

  boolean isEmpty() {
    return all.isEmpty();
  }
}
