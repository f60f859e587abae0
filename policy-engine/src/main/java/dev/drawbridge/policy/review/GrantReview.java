package dev.drawbridge.policy.review;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.policy.TableGlobs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One grant set against its use over a review's window: which of its {@code allow} permissions
 * nothing used, and the least-privilege recommendation that follows. A pure function of the grant
 * and its uses; {@code review} and {@code deny} rules are kept as they are (they allow nothing
 * outright).
 *
 * @param grant the grant under review
 * @param uses what it allowed over the window, by action and table
 * @param approvals how many held statements were approved under its review rules in the window
 * @param unused the permissions nothing used
 * @param recommendation certify, narrow (to what was used) or revoke (unused all window)
 */
public record GrantReview(
    GrantConfig grant,
    List<Use> uses,
    long approvals,
    List<Unused> unused,
    Recommendation recommendation) {

  public GrantReview {
    Objects.requireNonNull(grant, "grant");
    uses = List.copyOf(uses);
    unused = List.copyOf(unused);
    Objects.requireNonNull(recommendation, "recommendation");
  }

  /** Reviews {@code grant} against {@code uses} (operations that cited it) and its approvals. */
  public static GrantReview of(GrantConfig grant, List<Use> uses, long approvals) {
    List<Use> used = uses.stream().filter(u -> u.count() > 0).toList();
    if (used.isEmpty() && approvals == 0) {
      List<Unused> all = new ArrayList<>();
      for (int i = 0; i < grant.allow().size(); i++) {
        RuleConfig rule = grant.allow().get(i);
        for (String action : rule.actions()) {
          all.add(new Unused(i, action, rule.tables(), rule.columns()));
        }
      }
      return new GrantReview(
          grant,
          used,
          approvals,
          all,
          new Recommendation.Revoke(
              "nothing used it in the window: no operation cited it and no statement was approved"
                  + " under it"));
    }
    List<Unused> unused = unused(grant, used);
    GrantConfig narrowed = narrowed(grant, used);
    // a glob used on some of its tables leaves nothing "unused" by name, yet allows more than
    // was used: whatever the narrowed grant no longer allows makes the recommendation narrow
    boolean wider = !permissions(narrowed).equals(permissions(grant));
    Recommendation recommendation =
        unused.isEmpty() && !wider
            ? new Recommendation.Certify()
            : new Recommendation.Narrow(narrowed);
    return new GrantReview(grant, used, approvals, unused, recommendation);
  }

  private static List<Unused> unused(GrantConfig grant, List<Use> used) {
    List<Unused> unused = new ArrayList<>();
    for (int i = 0; i < grant.allow().size(); i++) {
      RuleConfig rule = grant.allow().get(i);
      for (String action : rule.actions()) {
        List<Use> matching = used.stream().filter(u -> matches(rule, action, u)).toList();
        List<String> globs = new ArrayList<>();
        List<String> beyond = new ArrayList<>();
        for (String glob : rule.tables()) {
          if (matching.stream().noneMatch(u -> u.onTable() && covers(glob, u))) {
            globs.add(glob);
          } else if (isWildcard(glob)) {
            beyond.add(glob);
          }
        }
        if (rule.tables().isEmpty() && matching.stream().anyMatch(Use::onTable)) {
          beyond.add("*");
        }
        Set<String> columns = new LinkedHashSet<>(rule.columns());
        matching.forEach(u -> columns.removeAll(u.columns()));
        boolean unusedAction = rule.tables().isEmpty() && matching.isEmpty();
        if (!globs.isEmpty() || !columns.isEmpty() || unusedAction || !beyond.isEmpty()) {
          unused.add(new Unused(i, action, globs, List.copyOf(columns), beyond));
        }
      }
    }
    return unused;
  }

  /**
   * The grant with its {@code allow} rules narrowed to what was used: each used table by name (no
   * globs), with the actions used on it, and where every rule that allowed it named columns, only
   * the columns used. Table-less uses keep a rule without tables only for actions that need one.
   */
  static GrantConfig narrowed(GrantConfig grant, List<Use> used) {
    // (actions, columns) -> tables, in the order first used
    Map<String, Set<String>> actionsByTable = new LinkedHashMap<>();
    Map<String, Set<String>> columnsByTable = new LinkedHashMap<>();
    Set<String> allColumns = new TreeSet<>();
    Set<String> tableless = new LinkedHashSet<>();
    for (Use use : used.stream().sorted(Comparator.comparing(Use::last).reversed()).toList()) {
      List<RuleConfig> covering =
          grant.allow().stream().filter(rule -> matches(rule, use.action(), use)).toList();
      if (covering.isEmpty()) {
        continue; // allowed under a rule the grant no longer has
      }
      if (!use.onTable()) {
        tableless.add(use.action());
        continue;
      }
      String table = use.qualified();
      actionsByTable.computeIfAbsent(table, t -> new TreeSet<>()).add(use.action());
      boolean everyRuleNamesColumns = covering.stream().allMatch(r -> !r.columns().isEmpty());
      if (everyRuleNamesColumns && !allColumns.contains(table)) {
        Set<String> columns = columnsByTable.computeIfAbsent(table, t -> new TreeSet<>());
        // a use that named no column keeps what the rules allowed: never wider than before
        columns.addAll(
            use.columns().isEmpty()
                ? covering.stream().flatMap(r -> r.columns().stream()).toList()
                : use.columns());
      } else {
        allColumns.add(table);
        columnsByTable.remove(table);
      }
    }
    Map<String, List<String>> grouped = new LinkedHashMap<>();
    Map<String, RuleKey> keys = new LinkedHashMap<>();
    actionsByTable.forEach(
        (table, actions) -> {
          RuleKey key =
              new RuleKey(
                  List.copyOf(actions),
                  allColumns.contains(table)
                      ? List.of()
                      : List.copyOf(columnsByTable.getOrDefault(table, Set.of())));
          grouped.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(table);
          keys.putIfAbsent(key.toString(), key);
        });
    List<RuleConfig> allow = new ArrayList<>();
    grouped.forEach(
        (k, tables) -> {
          RuleKey key = keys.get(k);
          allow.add(new RuleConfig(key.actions(), tables, key.columns()));
        });
    for (String action : tableless) {
      boolean coveredByTableRule =
          (action.equals("read") || action.equals("session"))
              && allow.stream().anyMatch(r -> r.actions().contains(action));
      if (!coveredByTableRule) {
        // `session` and statements that need a rule without tables (DDL on no table) keep one
        allow.add(new RuleConfig(List.of(action), List.of(), List.of()));
      }
    }
    return new GrantConfig(
        grant.id(),
        grant.subject(),
        grant.connection(),
        allow,
        grant.review(),
        grant.deny(),
        grant.limits(),
        grant.owner(),
        grant.reason(),
        grant.expires());
  }

  /** Whether a table glob can name more than one table. */
  private static boolean isWildcard(String glob) {
    return glob.contains("*") || !glob.contains(".");
  }

  /**
   * What a grant's {@code allow} rules permit, one entry per action and table glob (empty: every
   * table) with the columns it allows: two grants with the same set allow the same.
   */
  private static Set<String> permissions(GrantConfig grant) {
    Set<String> permissions = new TreeSet<>();
    for (RuleConfig rule : grant.allow()) {
      List<String> tables = rule.tables().isEmpty() ? List.of("") : rule.tables();
      for (String action : rule.actions()) {
        for (String table : tables) {
          permissions.add(action + "\u0000" + table + "\u0000" + new TreeSet<>(rule.columns()));
        }
      }
    }
    return permissions;
  }

  private record RuleKey(List<String> actions, List<String> columns) {}

  /** Whether {@code rule} allows {@code action} as {@code use} used it. */
  private static boolean matches(RuleConfig rule, String action, Use use) {
    if (!use.action().equals(action) || !rule.actions().contains(action)) {
      return false;
    }
    if (!use.onTable()) {
      // a read of no table takes any read rule; other table-less operations a rule without tables
      return rule.tables().isEmpty() || action.equals("read") || action.equals("session");
    }
    if (!rule.tables().isEmpty() && rule.tables().stream().noneMatch(g -> covers(g, use))) {
      return false;
    }
    return rule.columns().isEmpty() || rule.columns().containsAll(use.columns());
  }

  private static boolean covers(String glob, Use use) {
    return TableGlobs.covers(glob, use.schema(), use.table());
  }
}
