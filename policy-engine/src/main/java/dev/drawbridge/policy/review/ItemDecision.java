package dev.drawbridge.policy.review;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A reviewer's decision on one item.
 *
 * @param decision {@code certify}, {@code revoke}, {@code narrow} or {@code extend}
 * @param reviewer who decided (their subject)
 * @param decidedAt when
 * @param reason what they said (may be empty)
 * @param until for {@code extend}, the grant's new end; else null
 * @param applied what it did: {@code recorded} (certify), {@code in-force} (a run-time grant
 *     changed at once) or {@code patch} (the configuration file's grant: see the campaign's patch)
 * @param event the id of the {@code review.decided} audit event that records it
 */
public record ItemDecision(
    String decision,
    String reviewer,
    Instant decidedAt,
    String reason,
    Instant until,
    String applied,
    String event) {

  /** The decisions a reviewer can take. */
  public static final Set<String> DECISIONS = Set.of("certify", "revoke", "narrow", "extend");

  public ItemDecision {
    if (!DECISIONS.contains(decision)) {
      throw new IllegalArgumentException("not a decision: " + decision);
    }
    Objects.requireNonNull(reviewer, "reviewer");
    Objects.requireNonNull(decidedAt, "decidedAt");
    reason = reason == null ? "" : reason;
    if (decision.equals("extend")) {
      Objects.requireNonNull(until, "until");
    }
    Objects.requireNonNull(applied, "applied");
    Objects.requireNonNull(event, "event");
  }
}
