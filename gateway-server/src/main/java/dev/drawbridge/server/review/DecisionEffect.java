package dev.drawbridge.server.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.policy.approval.DeskAnswer;
import dev.drawbridge.policy.review.GrantChange;
import dev.drawbridge.policy.review.ReviewItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a decision does to its item's grant.
 *
 * @param change the change to a run-time grant; none for certify and for a file grant (whose change
 *     the campaign's patch carries)
 * @param applied {@code recorded} (certify), {@code in-force} (a run-time grant changes at once) or
 *     {@code patch} (a file grant)
 * @param allow for narrow, the rules the grant keeps; else empty
 */
record DecisionEffect(GrantChange change, String applied, List<RuleConfig> allow) {

  DecisionEffect {
    allow = List.copyOf(allow);
  }

  /**
   * The effect of a decision on an item, or why it cannot be taken: narrow only where the
   * recommendation is narrow, a run-time grant extended at most {@code maxGrant} from now.
   *
   * @param revokeReason what a revoked run-time grant records as the reason
   */
  static DeskAnswer<DecisionEffect> of(
      ReviewDecision decision,
      ReviewItem item,
      JsonNode recommendation,
      String reviewer,
      String revokeReason,
      Instant now,
      Duration maxGrant) {
    return switch (decision) {
      case ReviewDecision.Certify _ ->
          new DeskAnswer.Done<>(new DecisionEffect(new GrantChange.None(), "recorded", List.of()));
      case ReviewDecision.Revoke _ ->
          onGrant(item, new GrantChange.Revoke(reviewer, revokeReason), List.of());
      case ReviewDecision.Narrow _ -> {
        String recommended = recommendation.path("kind").asText();
        if (!recommended.equals("narrow")) {
          yield new DeskAnswer.Conflict<>(
              "the recommendation for '"
                  + item.grantId()
                  + "' is "
                  + recommended
                  + ", not narrow: decide certify, revoke or extend");
        }
        List<RuleConfig> allow = GrantJson.readRules(recommendation.path("grant").path("allow"));
        yield onGrant(item, new GrantChange.Narrow(allow), allow);
      }
      case ReviewDecision.Extend extend -> {
        if (item.temporary() && extend.until().isAfter(now.plus(maxGrant))) {
          yield new DeskAnswer.Invalid<>(
              "a run-time grant lasts at most approvals.maxGrant ("
                  + maxGrant
                  + ") from now; extend it less far, or put it in the configuration file");
        }
        yield onGrant(item, new GrantChange.Extend(extend.until()), List.of());
      }
    };
  }

  /** A change made at once to a run-time grant; to a file grant, through the patch. */
  private static DeskAnswer<DecisionEffect> onGrant(
      ReviewItem item, GrantChange change, List<RuleConfig> allow) {
    return new DeskAnswer.Done<>(
        item.temporary()
            ? new DecisionEffect(change, "in-force", allow)
            : new DecisionEffect(new GrantChange.None(), "patch", allow));
  }
}
