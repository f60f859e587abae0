package dev.drawbridge.server.review;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.drawbridge.audit.query.AuditQueryException;
import dev.drawbridge.audit.query.ReviewEvidence;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.policy.approval.DeskAnswer;
import dev.drawbridge.policy.approval.PolicyStore.StoreException;
import dev.drawbridge.policy.approval.RunTimeGrants;
import dev.drawbridge.policy.approval.TemporaryGrant;
import dev.drawbridge.policy.review.Campaign;
import dev.drawbridge.policy.review.ReviewItem;
import dev.drawbridge.policy.review.ReviewStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Starts a campaign: checks its name and window, builds one item per grant in scope (the file's,
 * then the run-time ones) and each agent's evidence over the window, and keeps them.
 */
final class CampaignStarter {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Duration MAX_WINDOW = Duration.ofDays(800);

  private final RunTimeGrants grants;
  private final ReviewStore store;
  private final ItemBuilder items;
  private final ReviewEvidence evidence;
  private final Clock clock;

  CampaignStarter(
      RunTimeGrants grants,
      ReviewStore store,
      ItemBuilder items,
      ReviewEvidence evidence,
      Clock clock) {
    this.grants = grants;
    this.store = store;
    this.items = items;
    this.evidence = evidence;
    this.clock = clock;
  }

  DeskAnswer<AccessReviews.View> start(AccessReviews.Scope scope, Identity caller) {
    if (scope.name() == null || !NAME.matcher(scope.name()).matches()) {
      return new DeskAnswer.Invalid<>(
          "a campaign's name is 1 to 64 letters, digits, '.', '_' or '-' (such as Q4 or"
              + " 2026-q4), starting with a letter or digit");
    }
    if (scope.window().isZero()
        || scope.window().isNegative()
        || scope.window().compareTo(MAX_WINDOW) > 0) {
      return new DeskAnswer.Invalid<>(
          "the window must be longer than zero and at most " + MAX_WINDOW.toDays() + "d");
    }
    Instant to = clock.instant();
    Instant from = to.minus(scope.window());
    try {
      if (store.campaign(scope.name()).isPresent()) {
        return exists(scope);
      }
      TreeSet<String> subjects = new TreeSet<>();
      List<ReviewItem> inScope = items(scope, from, to, subjects);
      Campaign campaign =
          new Campaign(
              scope.name(),
              scope.connections(),
              scope.agents(),
              from,
              to,
              caller.subject(),
              to,
              agentEvidence(scope, subjects, from, to).toString());
      if (!store.create(campaign, inScope)) {
        return exists(scope);
      }
      return new DeskAnswer.Done<>(new AccessReviews.View(campaign, inScope));
    } catch (StoreException | AuditQueryException e) {
      return new DeskAnswer.Unavailable<>(e.getMessage());
    }
  }

  /** The items, the file's grants first; adds the agents they are for to {@code subjects}. */
  private List<ReviewItem> items(
      AccessReviews.Scope scope, Instant from, Instant to, TreeSet<String> subjects)
      throws AuditQueryException {
    List<ReviewItem> inScope = new ArrayList<>();
    for (GrantConfig grant : grants.configured()) {
      if (scope.covers(grant)) {
        inScope.add(
            items.item(scope.name(), grant, ReviewItem.FILE, null, from, to, inScope.size()));
        AccessReviews.Scope.subjectAgent(grant).ifPresent(subjects::add);
      }
    }
    for (TemporaryGrant temporary : grants.temporary()) {
      if (scope.covers(temporary.grant())) {
        inScope.add(
            items.item(
                scope.name(),
                temporary.grant(),
                ReviewItem.TEMPORARY,
                temporary.expiresAt(),
                from,
                to,
                inScope.size()));
        AccessReviews.Scope.subjectAgent(temporary.grant()).ifPresent(subjects::add);
      }
    }
    return inScope;
  }

  /**
   * Each agent's evidence: the scope's agents, or else every agent a grant in scope is for and
   * every agent that did something on a connection in scope.
   */
  private ArrayNode agentEvidence(
      AccessReviews.Scope scope, TreeSet<String> subjects, Instant from, Instant to)
      throws AuditQueryException {
    TreeSet<String> agents = new TreeSet<>(scope.agents());
    if (scope.agents().isEmpty()) {
      agents.addAll(subjects);
      agents.addAll(evidence.agents(scope.connections(), from, to));
    }
    ArrayNode agentEvidence = AccessReviews.JSON.createArrayNode();
    for (String agent : agents) {
      agentEvidence.add(
          EvidenceJson.agent(
              agent,
              evidence.byAgent(agent, scope.connections(), from, to),
              evidence.refusals(agent, null, scope.connections(), from, to),
              evidence.approvals(null, agent, scope.connections(), from, to)));
    }
    return agentEvidence;
  }

  private static <T> DeskAnswer<T> exists(AccessReviews.Scope scope) {
    return new DeskAnswer.Conflict<>("a review campaign named '" + scope.name() + "' exists");
  }
}
