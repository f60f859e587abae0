package dev.drawbridge.policy.approval;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import dev.drawbridge.core.model.Action;
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
      ApprovalRequest request,
      GrantConfig reviewed,
      String owner,
      String reason,
      Instant expiresAt)
      throws NotExpressible {
    Action action =
        Action.fromConfigName(request.action())
            .orElseThrow(() -> new NotExpressible("unknown action " + request.action()));
    List<String> tables = new ArrayList<>();
    for (String resource : request.resources()) {
      tables.add(table(resource));
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
        new SubjectConfig(request.agent(), null),
        request.connection(),
        List.of(rule),
        List.of(),
        List.of(),
        reviewed.limits(),
        owner,
        reason,
        expiresAt.atOffset(ZoneOffset.UTC).toLocalDate());
  }

  /**
   * A resource as {@link #describe} wrote it, as a table glob naming exactly that table: only a
   * schema-qualified table name without glob characters or further dots can be one.
   */
  private static String table(String resource) throws NotExpressible {
    int dot = resource.indexOf('.');
    boolean plain =
        resource.indexOf(' ') < 0
            && dot > 0
            && dot < resource.length() - 1
            && resource.indexOf('.', dot + 1) < 0
            && resource.indexOf('*') < 0
            && resource.indexOf('?') < 0;
    if (!plain) {
      throw new NotExpressible(
          "the statement touches "
              + resource
              + ", which a temporary grant cannot name; approve it once instead");
    }
    return resource;
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
