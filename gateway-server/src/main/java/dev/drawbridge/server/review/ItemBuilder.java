package dev.drawbridge.server.review;

import dev.drawbridge.audit.query.AuditQueryException;
import dev.drawbridge.audit.query.ReviewEvidence;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.policy.review.GrantReview;
import dev.drawbridge.policy.review.ReviewItem;
import java.time.Instant;
import java.util.List;

/**
 * Builds a campaign's item for one grant: what the audit store shows of its use over the window
 * (operations, refusals of its subject on its connection, approvals), what went unused, and the
 * least-privilege recommendation.
 */
final class ItemBuilder {

  private final ReviewEvidence evidence;

  ItemBuilder(ReviewEvidence evidence) {
    this.evidence = evidence;
  }

  ReviewItem item(
      String campaign,
      GrantConfig grant,
      String kind,
      Instant expiresAt,
      Instant from,
      Instant to,
      int position)
      throws AuditQueryException {
    List<ReviewEvidence.Activity> activity = evidence.byGrant(grant.id(), from, to);
    List<ReviewEvidence.Approval> approvals =
        evidence.approvals(grant.id(), null, List.of(), from, to);
    List<ReviewEvidence.Refusal> refused =
        grant.subject() == null
            ? List.of()
            : evidence.refusals(
                grant.subject().agent(),
                grant.subject().group(),
                List.of(grant.connection()),
                from,
                to);
    long approved = approvals.stream().filter(a -> "approved".equals(a.outcome())).count();
    GrantReview review = GrantReview.of(grant, EvidenceJson.uses(activity), approved);
    return new ReviewItem(
        campaign,
        grant.id(),
        kind,
        GrantJson.write(grant).toString(),
        expiresAt,
        EvidenceJson.grantEvidence(activity, refused, approvals).toString(),
        EvidenceJson.unused(review.unused()).toString(),
        EvidenceJson.recommendation(review.recommendation()).toString(),
        position,
        null);
  }
}
