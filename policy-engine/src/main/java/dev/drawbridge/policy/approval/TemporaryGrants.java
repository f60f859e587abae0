package dev.drawbridge.policy.approval;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Resource;
import dev.drawbridge.policy.TableGlobs;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
    if (!hasReviewRule(reviewed, action)) {
      throw new NotExpressible(
          "grant '" + reviewed.id() + "' has no review rule on " + action.configName());
    }
    // each table within the columns of the review rules that name it, and only those: a review
    // rule on another table (or with other columns) says nothing of this one
    List<RuleConfig> rules = new ArrayList<>();
    for (String table : tables) {
      Optional<List<String>> columns = columns(reviewed, action, table);
      if (columns.isPresent()) {
        rules.add(new RuleConfig(List.of(action.configName()), List.of(table), columns.get()));
      }
    }
    if (rules.isEmpty()) {
      throw new NotExpressible(
          "no review rule of grant '"
              + reviewed.id()
              + "' names the tables the statement touches; approve it once instead");
    }
    return new GrantConfig(
        id,
        new SubjectConfig(request.agent(), null),
        request.connection(),
        List.copyOf(rules),
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

  private static boolean hasReviewRule(GrantConfig reviewed, Action action) {
    return reviewed.review().stream().anyMatch(r -> r.actions().contains(action.configName()));
  }

  /**
   * The columns of {@code table} ({@code schema.name}) that the reviewed grant's review rules on
   * {@code action} naming that table allow: none (every column) when one of them names no columns,
   * else the union of theirs; empty when no such rule names the table.
   */
  private static Optional<List<String>> columns(GrantConfig reviewed, Action action, String table) {
    int dot = table.indexOf('.');
    String schema = table.substring(0, dot);
    String name = table.substring(dot + 1);
    Set<String> columns = new LinkedHashSet<>();
    boolean any = false;
    for (RuleConfig rule : reviewed.review()) {
      if (!rule.actions().contains(action.configName()) || !names(rule, schema, name)) {
        continue;
      }
      any = true;
      if (rule.columns().isEmpty()) {
        return Optional.of(List.of());
      }
      columns.addAll(rule.columns());
    }
    return any ? Optional.of(List.copyOf(columns)) : Optional.empty();
  }

  /** Whether {@code rule}'s tables cover {@code schema.name} (a rule without tables: every one). */
  private static boolean names(RuleConfig rule, String schema, String name) {
    return rule.tables().isEmpty()
        || rule.tables().stream().anyMatch(glob -> TableGlobs.covers(glob, schema, name));
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
