package dev.drawbridge.config.internal;

import dev.drawbridge.config.ConnectionConfig;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Grants: unique ids, one subject, a connection that exists, at least one rule, known actions. An
 * expired grant is a warning: the gateway still starts, and the grant grants nothing.
 */
final class GrantRules implements SemanticRule {

  @Override
  public void check(DrawbridgeConfig config, ValidationContext context) {
    List<String> connections =
        config.connections().stream().map(ConnectionConfig::name).filter(Objects::nonNull).toList();
    List<String> shown = shownNames(config.connections(), context.echo());
    LocalDate today = LocalDate.ofInstant(context.clock().instant(), ZoneOffset.UTC);
    Map<String, String> ids = new HashMap<>();
    List<GrantConfig> grants = config.grants();
    for (int i = 0; i < grants.size(); i++) {
      GrantConfig grant = grants.get(i);
      String base = ConfigPaths.index("grants", i);
      String idPath = base + ".id";
      String label = grant.id() == null ? base : context.echo().quote(idPath, grant.id());
      context.notBlank(grant.id(), idPath);
      if (grant.id() != null) {
        String first = ids.putIfAbsent(grant.id(), base);
        if (first != null) {
          context.error(idPath, "duplicate grant id " + label + " (also at " + first + ")");
        }
      }
      subject(grant.subject(), base + ".subject", context);
      if (grant.connection() != null && !connections.contains(grant.connection())) {
        unknownConnection(grant.connection(), shown, base + ".connection", context);
      }
      rules(grant, base, label, context);
      Integer rows = grant.limits().rowsPerStatement();
      if (rows != null && rows < 1) {
        context.error(base + ".limits.rowsPerStatement", "must be at least 1");
      }
      if (grant.expires() != null && grant.expires().isBefore(today)) {
        context.warning(
            base + ".expires",
            "grant "
                + label
                + " expired on "
                + context.echo().plain(base + ".expires", grant.expires().toString())
                + "; it grants nothing until renewed");
      }
    }
  }

  /** Names shown in messages: those not taken from a reference. */
  private static List<String> shownNames(List<ConnectionConfig> connections, ValueEcho echo) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < connections.size(); i++) {
      String name = connections.get(i).name();
      String path = ConfigPaths.index("connections", i) + ".name";
      if (name != null && !echo.isReferenced(path) && !names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  private static void subject(SubjectConfig subject, String path, ValidationContext context) {
    if (subject == null || context.anyError(path + ".agent", path + ".group")) {
      return;
    }
    context.notBlank(subject.agent(), path + ".agent");
    context.notBlank(subject.group(), path + ".group");
    if (subject.agent() != null && subject.group() != null) {
      context.error(path, "set exactly one of agent or group, not both");
    } else if (subject.agent() == null && subject.group() == null) {
      context.error(path, "set exactly one of agent or group");
    }
  }

  private static void unknownConnection(
      String name, List<String> shown, String path, ValidationContext context) {
    String suggestion = context.didYouMean(path, name, shown);
    String known = shown.isEmpty() ? "" : "; configured connections: " + String.join(", ", shown);
    context.error(
        path,
        "unknown connection "
            + context.echo().quote(path, name)
            + (suggestion.isEmpty() ? known : suggestion));
  }

  private static void rules(GrantConfig grant, String base, String label, ValidationContext ctx) {
    if (grant.allow().isEmpty()
        && grant.review().isEmpty()
        && grant.deny().isEmpty()
        && !ctx.anyError(base + ".allow", base + ".review", base + ".deny")) {
      ctx.error(base, "grant " + label + " has no allow, review or deny rules; it grants nothing");
    }
    Map<String, List<RuleConfig>> kinds =
        Map.of("allow", grant.allow(), "review", grant.review(), "deny", grant.deny());
    for (String kind : List.of("allow", "review", "deny")) {
      List<RuleConfig> rules = kinds.get(kind);
      for (int j = 0; j < rules.size(); j++) {
        String rulePath = ConfigPaths.index(base + "." + kind, j);
        actions(rules.get(j).actions(), rulePath + ".actions", ctx);
        tables(rules.get(j).tables(), rulePath + ".tables", ctx);
        columns(rules.get(j).columns(), rulePath + ".columns", ctx);
        timeout(rules.get(j), kind, rulePath + ".timeout", ctx);
      }
    }
  }

  /** Only a review rule waits for anyone, and not longer than a day. */
  private static void timeout(RuleConfig rule, String kind, String path, ValidationContext ctx) {
    if (rule.timeout() == null) {
      return;
    }
    if (!kind.equals("review")) {
      ctx.error(path, "only a review rule waits for an approval; remove timeout from this rule");
      return;
    }
    Limits.positiveAtMost(rule.timeout(), ApprovalRules.MAX_TIMEOUT, path, ctx);
  }

  /** A glob names a table as {@code name} or {@code schema.name}; each part may use {@code *}. */
  private static void tables(List<String> tables, String path, ValidationContext context) {
    for (int k = 0; k < tables.size(); k++) {
      String glob = tables.get(k);
      String globPath = ConfigPaths.index(path, k);
      if (glob == null || glob.isBlank()) {
        context.error(globPath, "must not be empty (use \"*\" for every table)");
        continue;
      }
      int dot = glob.indexOf('.');
      if (dot == 0 || dot == glob.length() - 1) {
        context.error(
            globPath,
            "needs a schema and a name on each side of its dot, such as public.orders or"
                + " public.*");
      }
    }
  }

  private static void columns(List<String> columns, String path, ValidationContext context) {
    for (int k = 0; k < columns.size(); k++) {
      String column = columns.get(k);
      if (column == null || column.isBlank()) {
        context.error(ConfigPaths.index(path, k), "must not be empty");
      }
    }
  }

  private static void actions(List<String> actions, String path, ValidationContext context) {
    if (actions.isEmpty() && !context.anyError(path)) {
      context.error(
          path, "must list at least one action: " + String.join(", ", RuleConfig.ACTIONS));
    }
    for (int k = 0; k < actions.size(); k++) {
      String action = actions.get(k);
      String actionPath = ConfigPaths.index(path, k);
      if (!RuleConfig.ACTIONS.contains(action)) {
        String suggestion = context.didYouMean(actionPath, action, RuleConfig.ACTIONS);
        context.error(
            actionPath,
            "unknown action "
                + context.echo().quote(actionPath, action)
                + (suggestion.isEmpty()
                    ? "; expected one of " + String.join(", ", RuleConfig.ACTIONS)
                    : suggestion));
      }
    }
  }
}
