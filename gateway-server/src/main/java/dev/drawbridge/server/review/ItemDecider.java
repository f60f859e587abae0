package dev.drawbridge.server.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.policy.approval.DeskAnswer;
import dev.drawbridge.policy.approval.RunTimeGrants;
import dev.drawbridge.policy.review.ReviewItem;
import java.time.Clock;
import java.time.Instant;

/**
 * Decides one item: checks the call (the decision, {@code until}), that the item exists and is
 * undecided, that nobody reviews a grant of their own and what the decision may do to the grant;
 * then has it applied.
 */
final class ItemDecider {

  private final CampaignReader reader;
  private final DecisionApplier applier;
  private final RunTimeGrants grants;
  private final Clock clock;

  ItemDecider(CampaignReader reader, DecisionApplier applier, RunTimeGrants grants, Clock clock) {
    this.reader = reader;
    this.applier = applier;
    this.grants = grants;
    this.clock = clock;
  }

  DeskAnswer<ReviewItem> decide(
      String name, String grantId, String decision, String reason, String until, Identity caller) {
    DeskAnswer<ReviewDecision> asked = ReviewDecision.of(decision, until, clock);
    if (!(asked instanceof DeskAnswer.Done<ReviewDecision>(ReviewDecision checked))) {
      return retyped(asked);
    }
    DeskAnswer<ReviewItem> found = reader.item(name, grantId);
    if (!(found instanceof DeskAnswer.Done<ReviewItem>(ReviewItem item))) {
      return found;
    }
    if (item.decided().isPresent()) {
      return new DeskAnswer.Conflict<>(
          "'"
              + grantId
              + "' in campaign '"
              + name
              + "' was decided already ("
              + item.decision().decision()
              + " by "
              + item.decision().reviewer()
              + ")");
    }
    GrantConfig grant;
    JsonNode recommendation;
    try {
      grant = GrantJson.read(AccessReviews.JSON.readTree(item.definitionJson()));
      recommendation = AccessReviews.JSON.readTree(item.recommendationJson());
    } catch (JsonProcessingException e) {
      return new DeskAnswer.Unavailable<>("the item's stored grant does not read: " + e);
    }
    String agent = AccessReviews.Scope.subjectAgent(grant).orElse(null);
    if (agent != null && (agent.equals(caller.subject()) || agent.equals(caller.agent()))) {
      return new DeskAnswer.Forbidden<>("nobody decides the review of a grant of their own");
    }
    String text = reason == null ? "" : reason;
    DeskAnswer<DecisionEffect> effect =
        DecisionEffect.of(
            checked,
            item,
            recommendation,
            caller.subject(),
            text.isEmpty() ? "access review " + name : text,
            clock.instant(),
            grants.maxGrant());
    if (!(effect instanceof DeskAnswer.Done<DecisionEffect>(DecisionEffect done))) {
      return retyped(effect);
    }
    Instant now = clock.instant();
    return applier.apply(new Ruling(name, item, grant, checked, caller.subject(), text, done), now);
  }

  /** A refusal, as the answer to the call. */
  private static DeskAnswer<ReviewItem> retyped(DeskAnswer<?> refusal) {
    return switch (refusal) {
      case DeskAnswer.NotFound<?> n -> new DeskAnswer.NotFound<>(n.detail());
      case DeskAnswer.Conflict<?> c -> new DeskAnswer.Conflict<>(c.detail());
      case DeskAnswer.Forbidden<?> f -> new DeskAnswer.Forbidden<>(f.detail());
      case DeskAnswer.Invalid<?> i -> new DeskAnswer.Invalid<>(i.detail());
      case DeskAnswer.Unavailable<?> u -> new DeskAnswer.Unavailable<>(u.detail());
      case DeskAnswer.Done<?> d -> throw new IllegalArgumentException("not a refusal: " + d);
    };
  }
}
