package dev.drawbridge.policy.simulation;

import dev.drawbridge.core.model.Decision;
import java.util.Objects;

/**
 * A decision reduced to what a simulation compares and shows: its kind, the grant it cites and its
 * reason.
 *
 * @param kind allowed, held for approval, or refused
 * @param grantId the grant an allow or a hold cites; {@code null} for a refusal
 * @param reason why it was held or refused; empty for an allow
 */
public record Verdict(Kind kind, String grantId, String reason) {

  /** What became of an operation. */
  public enum Kind {
    ALLOW("allowed"),
    REVIEW("held"),
    DENY("refused");

    private final String word;

    Kind(String word) {
      this.word = word;
    }

    /** {@code allowed}, {@code held} or {@code refused}, as reports say it. */
    public String word() {
      return word;
    }
  }

  public Verdict {
    Objects.requireNonNull(kind, "kind");
    reason = reason == null ? "" : reason;
    if (kind != Kind.DENY) {
      Objects.requireNonNull(grantId, "an allow or a hold cites a grant");
    }
  }

  /** A decision as the policy engine made it. */
  public static Verdict of(Decision decision) {
    return switch (decision) {
      case Decision.Allow allow -> new Verdict(Kind.ALLOW, allow.grantId(), "");
      case Decision.Review review -> new Verdict(Kind.REVIEW, review.grantId(), review.reason());
      case Decision.Deny deny -> new Verdict(Kind.DENY, null, deny.reason());
    };
  }

  /** {@code allowed under 'g'}, {@code held under 'g'}, {@code refused}. */
  public String describe() {
    return grantId == null ? kind.word() : kind.word() + " under '" + grantId + "'";
  }
}
