package dev.drawbridge.server.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.audit.query.ReviewEvidence;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.ports.AuditSink;
import dev.drawbridge.policy.approval.DeskAnswer;
import dev.drawbridge.policy.approval.PolicyStore.StoreException;
import dev.drawbridge.policy.approval.RunTimeGrants;
import dev.drawbridge.policy.review.Campaign;
import dev.drawbridge.policy.review.ReviewItem;
import dev.drawbridge.policy.review.ReviewStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reviewers' desk: starts campaigns over the grants in force (the file's and the run-time
 * ones), with each grant's evidence read from schema {@code audit} and its least-privilege
 * recommendation; records decisions (each an audit event first), changing run-time grants at once;
 * answers the report and the configuration file's patch. Needs {@code store.postgres}. Calls block.
 *
 * <p>The work is done by {@link CampaignStarter}, {@link CampaignReader} and {@link ItemDecider};
 * this holds them together behind one door for the admin API.
 */
public final class AccessReviews {

  static final ObjectMapper JSON = new ObjectMapper();

  private final CampaignStarter starter;
  private final CampaignReader reader;
  private final ItemDecider decider;

  public AccessReviews(
      RunTimeGrants grants,
      ReviewStore store,
      ReviewEvidence evidence,
      AuditSink audit,
      Clock clock) {
    Objects.requireNonNull(grants, "grants");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(clock, "clock");
    this.reader = new CampaignReader(store);
    this.starter = new CampaignStarter(grants, store, new ItemBuilder(evidence), evidence, clock);
    this.decider =
        new ItemDecider(reader, new DecisionApplier(grants, store, audit, reader), grants, clock);
  }

  /** What a new campaign covers. Empty lists: every connection, every agent. */
  public record Scope(String name, List<String> connections, List<String> agents, Duration window) {
    public Scope {
      connections = List.copyOf(connections);
      agents = List.copyOf(agents);
    }

    /** Whether a grant is in scope: on a connection in it, for an agent in it. */
    boolean covers(GrantConfig grant) {
      if (!connections.isEmpty() && !connections.contains(grant.connection())) {
        return false;
      }
      if (agents.isEmpty()) {
        return true;
      }
      return subjectAgent(grant).map(agents::contains).orElse(false);
    }

    /** The agent a grant is for, when it names one (not a group). */
    static Optional<String> subjectAgent(GrantConfig grant) {
      return grant.subject() == null
          ? Optional.empty()
          : Optional.ofNullable(grant.subject().agent());
    }
  }

  /** A campaign with its items. */
  public record View(Campaign campaign, List<ReviewItem> items) {}

  /** Starts a campaign: one item per grant in scope, with its evidence and recommendation. */
  public DeskAnswer<View> start(Scope scope, Identity caller) {
    return starter.start(scope, caller);
  }

  public List<Campaign> campaigns() throws StoreException {
    return reader.campaigns();
  }

  public DeskAnswer<View> campaign(String name) {
    return reader.campaign(name);
  }

  public DeskAnswer<ReviewItem> item(String name, String grantId) {
    return reader.item(name, grantId);
  }

  /**
   * Decides one item: {@code certify}, {@code revoke}, {@code narrow} (apply the recommendation) or
   * {@code extend} (with {@code until}, a date or an instant). Recorded in the audit journal first;
   * a run-time grant changes at once, a file grant through the campaign's patch.
   */
  public DeskAnswer<ReviewItem> decide(
      String name, String grantId, String decision, String reason, String until, Identity caller) {
    return decider.decide(name, grantId, decision, reason, until, caller);
  }

  /** The report: per agent, what it was allowed, did, was refused and had approved. */
  public DeskAnswer<ObjectNode> report(String name) {
    return reader.read(name, ReviewReport::json, "the campaign's stored evidence does not read");
  }

  /** The changes the campaign's decisions make to the configuration file's grants, as YAML. */
  public DeskAnswer<GrantsPatch> patch(String name) {
    return reader.read(name, GrantsPatch::of, "the campaign's stored grants do not read");
  }
}
