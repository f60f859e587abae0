package dev.drawbridge.config;

import java.time.Duration;
import java.util.List;

/**
 * One rule of a grant: these actions on these resources.
 *
 * @param actions {@code read}, {@code write}, {@code ddl}, {@code admin}, {@code execute}, {@code
 *     session}, {@code unknown}
 * @param tables qualified table globs ({@code public.orders}, {@code sales.*})
 * @param columns when set, only these columns
 * @param timeout for a {@code review} rule: how long the agent waits for an approver before its
 *     statement is refused; {@code approvals.timeout} when not set
 */
public record RuleConfig(
    List<String> actions, List<String> tables, List<String> columns, Duration timeout) {

  /** The action names a rule may use. */
  public static final List<String> ACTIONS =
      List.of("connect", "read", "write", "ddl", "admin", "execute", "session", "unknown");

  public RuleConfig {
    actions = actions == null ? List.of() : List.copyOf(actions);
    tables = tables == null ? List.of() : List.copyOf(tables);
    columns = columns == null ? List.of() : List.copyOf(columns);
  }

  /** A rule without an approval timeout of its own. */
  public RuleConfig(List<String> actions, List<String> tables, List<String> columns) {
    this(actions, tables, columns, null);
  }
}
