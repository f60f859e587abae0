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
 * @param beyond the rule's globs that were used, but that allow more tables than were used (a glob
 *     with {@code *}, or {@code *} for a rule without tables that was used on tables): the tables
 *     they allow besides those used were never used, and the narrowed grant names the used ones
 */
public record Unused(
    int rule, String action, List<String> tables, List<String> columns, List<String> beyond) {

  public Unused {
    tables = List.copyOf(tables);
    columns = List.copyOf(columns);
    beyond = List.copyOf(beyond);
  }

  /** Unused tables and columns, with no glob used only in part. */
  public Unused(int rule, String action, List<String> tables, List<String> columns) {
    this(rule, action, tables, columns, List.of());
  }
}
