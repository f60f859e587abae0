package dev.drawbridge.policy.approval;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.model.Resource;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The grant an approval "for a while" creates: the same action on the same tables as the held
 * statement, for the same agent on the same connection, within the columns the review rule that
 * held it allows, under the row limit of that rule's grant. Nothing broader: a statement that
 * touches no table or something other than tables can only be approved once.
 */
final class TemporaryGrants {

  /** Why a temporary grant cannot be made; the approver may still approve once. */
  static final class NotExpressible extends Exception {
    private static final long serialVersionUID = 1L;

    NotExpressible(String message) {
      super(message, null, false, false);
    }
  }

  private TemporaryGrants() {}

  static GrantConfig of(
      String id,
      Operation operation,
      GrantConfig reviewed,
      String owner,
      String reason,
      Instant expiresAt)
      throws NotExpressible {
    Action action = operation.action();
    List<String> tables = new ArrayList<>();
    for (Resource resource : operation.resources()) {
      if (!(resource instanceof Resource.Table table) || table.schema().isEmpty()) {
        throw new NotExpressible(
            "the statement touches "
                + describe(resource)
                + ", which a temporary grant cannot name; approve it once instead");
      }
      tables.add(globSafe(table.schema()) + "." + globSafe(table.name()));
    }
    if (tables.isEmpty()) {
      throw new NotExpressible(
          "the statement names no table, so a grant for it would reach every table; approve it"
              + " once instead");
    }
    List<String> columns = columns(reviewed, action);
    RuleConfig rule = new RuleConfig(List.of(action.configName()), tables, columns);
    return new GrantConfig(
        id,
        new SubjectConfig(operation.identity().agent(), null),
        operation.connection(),
        List.of(rule),
        List.of(),
        List.of(),
        reviewed.limits(),
        owner,
        reason,
        expiresAt.atOffset(ZoneOffset.UTC).toLocalDate());
  }

  /**
   * The columns the reviewed grant's review rules on {@code action} allow: none (every column) when
   * one of them names no columns, else the union of theirs.
   */
  private static List<String> columns(GrantConfig reviewed, Action action) throws NotExpressible {
    Set<String> columns = new LinkedHashSet<>();
    boolean any = false;
    for (RuleConfig rule : reviewed.review()) {
      if (!rule.actions().contains(action.configName())) {
        continue;
      }
      any = true;
      if (rule.columns().isEmpty()) {
        return List.of();
      }
      columns.addAll(rule.columns());
    }
    if (!any) {
      throw new NotExpressible(
          "grant '" + reviewed.id() + "' has no review rule on " + action.configName());
    }
    return List.copyOf(columns);
  }

  /** A name as a table glob reads it: glob characters could widen it, so such a name is refused. */
  private static String globSafe(String name) throws NotExpressible {
    if (name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('.') >= 0) {
      throw new NotExpressible(
          "the table name \"" + name + "\" cannot be written as a grant's table; approve it once");
    }
    return name;
  }

  static String describe(Resource resource) {
    return switch (resource) {
      case Resource.Table(String schema, String name, var _) ->
          schema.isEmpty() ? name : schema + "." + name;
      case Resource.Function(String schema, String name) ->
          "function " + (schema.isEmpty() ? name : schema + "." + name);
      case Resource.Path(String method, String path) ->
          method.toUpperCase(Locale.ROOT) + " " + path;
      case Resource.Command(List<String> argv) -> "command " + String.join(" ", argv);
      case Resource.File(String path) -> "file " + path;
    };
  }
}
