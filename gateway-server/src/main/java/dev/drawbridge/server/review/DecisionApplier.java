package dev.drawbridge.server.review;

import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.TimeOrderedIds;
import dev.drawbridge.core.ports.AuditReceipt;
import dev.drawbridge.core.ports.AuditSink;
import dev.drawbridge.policy.approval.DeskAnswer;
import dev.drawbridge.policy.approval.PolicyStore.StoreException;
import dev.drawbridge.policy.approval.RunTimeGrants;
import dev.drawbridge.policy.review.GrantChange;
import dev.drawbridge.policy.review.ItemDecision;
import dev.drawbridge.policy.review.ReviewItem;
import dev.drawbridge.policy.review.ReviewStore;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies a checked decision: records it in the audit journal first ({@code grant.revoked}, then
 * {@code review.decided}, when it ends a run-time grant), then in the review store, which changes a
 * run-time grant in the same transaction; then has the run-time grants read again. Answers the item
 * as it is now.
 */
final class DecisionApplier {

  private final RunTimeGrants grants;
  private final ReviewStore store;
  private final AuditSink audit;
  private final CampaignReader reader;

  DecisionApplier(RunTimeGrants grants, ReviewStore store, AuditSink audit, CampaignReader reader) {
    this.grants = grants;
    this.store = store;
    this.audit = audit;
    this.reader = reader;
  }

  DeskAnswer<ReviewItem> apply(Ruling ruling, Instant now) {
    String grantId = ruling.item().grantId();
    GrantChange change = ruling.effect().change();
    UUID event = TimeOrderedIds.next();
    if (change instanceof GrantChange.Revoke revoke) {
      Optional<String> refused =
          refused(
              new AuditEvent.GrantRevoked(
                  TimeOrderedIds.next(), now, grantId, revoke.actor(), revoke.reason()));
      if (refused.isPresent()) {
        return unrecorded(refused.get());
      }
    }
    Optional<String> refused = refused(decided(ruling, event, now));
    if (refused.isPresent()) {
      return unrecorded(refused.get());
    }
    ItemDecision decided =
        new ItemDecision(
            ruling.decision().name(),
            ruling.reviewer(),
            now,
            ruling.reason(),
            ruling.until(),
            ruling.effect().applied(),
            event.toString());
    try {
      ReviewStore.Outcome outcome = store.decide(ruling.campaign(), grantId, decided, change);
      if (!(change instanceof GrantChange.None)) {
        grants.refresh();
      }
      return switch (outcome) {
        case DONE -> reader.item(ruling.campaign(), grantId);
        case DECIDED_ALREADY ->
            new DeskAnswer.Conflict<>("'" + grantId + "' was decided meanwhile");
        case GRANT_GONE ->
            new DeskAnswer.Conflict<>(
                "run-time grant '" + grantId + "' was revoked or lapsed meanwhile");
        case NOT_FOUND -> CampaignReader.itemNotFound(ruling.campaign(), grantId);
      };
    } catch (StoreException e) {
      return new DeskAnswer.Unavailable<>(e.getMessage());
    }
  }

  private static AuditEvent.ReviewDecided decided(Ruling ruling, UUID event, Instant now) {
    return new AuditEvent.ReviewDecided(
        event,
        now,
        ruling.campaign(),
        ruling.item().grantId(),
        ruling.agent(),
        ruling.grant().connection(),
        ruling.item().kind(),
        ruling.decision().name(),
        ruling.reviewer(),
        ruling.reason(),
        ruling.effect().applied(),
        ruling.effect().allow(),
        ruling.until());
  }

  /** Why the journal refused an event; empty when it may go ahead. */
  private Optional<String> refused(AuditEvent event) {
    return audit.record(event) instanceof AuditReceipt.Refused refused
        ? Optional.of(refused.reason())
        : Optional.empty();
  }

  private static <T> DeskAnswer<T> unrecorded(String reason) {
    return new DeskAnswer.Unavailable<>("the audit journal cannot record the decision: " + reason);
  }
}
