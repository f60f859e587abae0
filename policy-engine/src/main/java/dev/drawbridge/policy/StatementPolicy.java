package dev.drawbridge.policy;

import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.model.Resource;
import java.util.List;

/**
 * Decides every operation other than {@code connect}, a pure function of the operation and the
 * grants that apply to it: an explicit {@code deny} wins, then the operation is allowed when {@code
 * allow} rules cover everything it touches, held for approval when {@code allow} and {@code review}
 * rules together do, and refused otherwise (default deny), naming what is missing.
 *
 * <p>"Everything it touches" is every resource of the operation and, for a table whose columns the
 * statement names, every one of those columns; a table whose columns are not named (such as {@code
 * SELECT *}) must be covered whole. An operation that touches nothing (such as {@code BEGIN}) needs
 * a rule on its action, whatever the rule's tables.
 *
 * <p>On the allow path nothing is allocated beyond what the caller passes in.
 */
final class StatementPolicy {

  private StatementPolicy() {}

  static Decision decide(Operation operation, ApplicableGrants grants, Decision.Allow admitted) {
    Action action = operation.action();
    List<Resource> resources = operation.resources();
    Decision.Deny denied = denied(action, resources, grants);
    if (denied != null) {
      return denied;
    }
    if (action == Action.SESSION && resources.isEmpty()) {
      // transaction control and harmless settings come with being admitted (every driver sends
      // some as it connects); only an explicit deny rule on `session` refuses them
      return admitted;
    }
    return resources.isEmpty()
        ? withoutResources(action, grants, operation.connection())
        : covered(action, resources, grants, operation.connection());
  }

  /** The refusal of the first deny rule, in the order of the file, that matches; or null. */
  private static Decision.Deny denied(
      Action action, List<Resource> resources, ApplicableGrants grants) {
    List<CompiledGrant> onConnection = grants.onConnection();
    for (int g = 0; g < onConnection.size(); g++) {
      CompiledGrant grant = onConnection.get(g);
      if (!grant.appliesTo(grants.identity(), grants.epochMillis())) {
        continue;
      }
      List<Rule> rules = grant.deny().naming(action);
      for (int r = 0; r < rules.size(); r++) {
        Rule rule = rules.get(r);
        if (resources.isEmpty() && rule.deniesWithoutResources()) {
          return Refusals.denied(grant, rule, action, null);
        }
        for (int i = 0; i < resources.size(); i++) {
          if (rule.denies(resources.get(i))) {
            return Refusals.denied(grant, rule, action, resources.get(i));
          }
        }
      }
    }
    return null;
  }

  private static Decision withoutResources(
      Action action, ApplicableGrants grants, String connection) {
    // a read without tables (SELECT 1, FETCH) takes any read rule; anything else without
    // resources (DROP SCHEMA, CREATE TYPE, COPY … PROGRAM, GRANT ON ALL TABLES IN SCHEMA) may reach
    // beyond every table a rule names, so it takes a rule that names no tables
    CompiledGrant grant =
        action == Action.READ
            ? grants.naming(RuleKind.ALLOW, action)
            : grants.namingWithoutTables(RuleKind.ALLOW, action);
    if (grant != null) {
      return grant.allowed();
    }
    grant =
        action == Action.READ
            ? grants.naming(RuleKind.REVIEW, action)
            : grants.namingWithoutTables(RuleKind.REVIEW, action);
    if (grant == null && action != Action.READ) {
      CompiledGrant tablesOnly = grants.naming(RuleKind.ALLOW, action);
      if (tablesOnly != null) {
        return new Decision.Deny(
            "needs "
                + action.configName()
                + " beyond any one table (the statement names none a rule could cover); grant '"
                + tablesOnly.id()
                + "' allows "
                + action.configName()
                + " only on the tables it names",
            "ask for a rule with "
                + action.configName()
                + " and no tables on connection '"
                + connection
                + "'");
      }
    }
    if (grant != null) {
      return Refusals.review(grant, action, null, null);
    }
    return Refusals.notCovered(action, null, null, grants, connection);
  }

  /**
   * Allowed when allow rules cover every column of every resource (citing the grant that covers the
   * first); held when some need a review rule (citing the first such grant); else refused at the
   * first that nothing covers.
   */
  private static Decision covered(
      Action action, List<Resource> resources, ApplicableGrants grants, String connection) {
    Decision.Allow allowed = null;
    Decision.Review held = null;
    for (int i = 0; i < resources.size(); i++) {
      Resource resource = resources.get(i);
      List<String> columns = resource instanceof Resource.Table table ? table.columns() : List.of();
      int units = Math.max(1, columns.size());
      for (int c = 0; c < units; c++) {
        String column = columns.isEmpty() ? null : columns.get(c);
        CompiledGrant grant = grants.covering(RuleKind.ALLOW, action, resource, column);
        if (grant != null) {
          allowed = allowed == null ? grant.allowed() : allowed;
          continue;
        }
        grant = grants.covering(RuleKind.REVIEW, action, resource, column);
        if (grant == null) {
          return Refusals.notCovered(action, resource, column, grants, connection);
        }
        held = held == null ? Refusals.review(grant, action, resource, column) : held;
      }
    }
    return held != null ? held : allowed;
  }
}
