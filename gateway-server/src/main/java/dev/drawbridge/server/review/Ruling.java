package dev.drawbridge.server.review;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.policy.review.ReviewItem;
import java.time.Instant;

/**
 * A decision on an item, checked and ready to apply.
 *
 * @param campaign the campaign's name
 * @param item the item, undecided when it was read
 * @param grant the item's grant as it was when the campaign started
 * @param decision what was decided
 * @param reviewer who decided (their subject)
 * @param reason what they said (may be empty)
 * @param effect what it does to the grant
 */
record Ruling(
    String campaign,
    ReviewItem item,
    GrantConfig grant,
    ReviewDecision decision,
    String reviewer,
    String reason,
    DecisionEffect effect) {

  /** The agent the grant is for, or null (a group's grant). */
  String agent() {
    return AccessReviews.Scope.subjectAgent(grant).orElse(null);
  }

  /** For extend, the grant's new end; else null. */
  Instant until() {
    return decision instanceof ReviewDecision.Extend extend ? extend.until() : null;
  }
}
