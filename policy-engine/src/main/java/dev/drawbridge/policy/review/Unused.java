package dev.drawbridge.policy.review;

import java.util.List;

/**
 * A permission a grant gives that nothing used over the window.
 *
 * @param rule the {@code allow} rule's index in the grant
 * @param action the action nobody used it for
 * @param tables the rule's table globs nobody used it on for that action (empty: the rule names no
 *     tables, and the action was not used at all)
 * @param columns the rule's columns that no operation named (empty when the rule names none)
 */
public record Unused(int rule, String action, List<String> tables, List<String> columns) {

  public Unused {
    tables = List.copyOf(tables);
    columns = List.copyOf(columns);
  }
}
