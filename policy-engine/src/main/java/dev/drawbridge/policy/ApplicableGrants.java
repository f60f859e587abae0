package dev.drawbridge.policy;

import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.model.Resource;
import java.util.List;

/**
 * The grants that apply to one operation: those of its connection whose subject is its identity and
 * which are in force at the instant of the decision. Lookups scan them in the order of the file, so
 * the grant they find is always the first that fits, and allocate nothing.
 *
 * @param onConnection every grant of the operation's connection, in the order of the file
 * @param identity who asks
 * @param epochMillis when
 */
record ApplicableGrants(List<CompiledGrant> onConnection, Identity identity, long epochMillis) {

  /** The first grant with a {@code kind} rule covering {@code column} of {@code resource}. */
  CompiledGrant covering(RuleKind kind, Action action, Resource resource, String column) {
    for (int g = 0; g < onConnection.size(); g++) {
      CompiledGrant grant = onConnection.get(g);
      if (grant.appliesTo(identity, epochMillis)) {
        List<Rule> rules = grant.rules(kind).naming(action);
        for (int r = 0; r < rules.size(); r++) {
          if (rules.get(r).covers(resource, column)) {
            return grant;
          }
        }
      }
    }
    return null;
  }

  /**
   * The first applicable grant with a rule of {@code kind} on {@code action} that names no tables:
   * what an operation without resources of an action that can reach beyond tables (a DDL on a
   * schema, an admin command) takes.
   */
  CompiledGrant namingWithoutTables(RuleKind kind, Action action) {
    for (int g = 0; g < onConnection.size(); g++) {
      CompiledGrant grant = onConnection.get(g);
      if (grant.appliesTo(identity, epochMillis)
          && grant.rules(kind).naming(action).stream().anyMatch(rule -> rule.tables().isEmpty())) {
        return grant;
      }
    }
    return null;
  }

  /** The first grant with a {@code kind} rule naming {@code action}, whatever its tables. */
  CompiledGrant naming(RuleKind kind, Action action) {
    for (int g = 0; g < onConnection.size(); g++) {
      CompiledGrant grant = onConnection.get(g);
      if (grant.appliesTo(identity, epochMillis) && !grant.rules(kind).naming(action).isEmpty()) {
        return grant;
      }
    }
    return null;
  }

  /**
   * The grant a refusal cites to say what the agent may do with {@code resource}: the first with an
   * {@code allow} or {@code review} rule on {@code action} whose tables name it (so its columns
   * fell short), else the first with such a rule for any action. With a {@code null} resource, the
   * first grant with any {@code allow} or {@code review} rule.
   */
  CompiledGrant nearest(Action action, Resource resource) {
    if (resource != null) {
      for (int g = 0; g < onConnection.size(); g++) {
        CompiledGrant grant = onConnection.get(g);
        if (grant.appliesTo(identity, epochMillis)
            && (names(grant.allow().naming(action), resource)
                || names(grant.review().naming(action), resource))) {
          return grant;
        }
      }
    }
    for (int g = 0; g < onConnection.size(); g++) {
      CompiledGrant grant = onConnection.get(g);
      if (grant.appliesTo(identity, epochMillis)
          && (names(grant.allow().all(), resource) || names(grant.review().all(), resource))) {
        return grant;
      }
    }
    return null;
  }

  /** Whether one of {@code rules} names {@code resource} (any resource when it is {@code null}). */
  static boolean names(List<Rule> rules, Resource resource) {
    for (int r = 0; r < rules.size(); r++) {
      if (resource == null || rules.get(r).names(resource)) {
        return true;
      }
    }
    return false;
  }
}
