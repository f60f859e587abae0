package dev.drawbridge.core.model;

import java.time.Duration;
import java.util.Objects;

/**
 * What the gateway decided about an operation. Each protocol turns it into its own native answer,
 * and the agent always learns why.
 */
public sealed interface Decision {

  /** Allowed by a grant. */
  record Allow(String grantId) implements Decision {
    public Allow {
      Objects.requireNonNull(grantId, "grantId");
    }
  }

  /**
   * Refused.
   *
   * @param reason which rule stopped it, in words the agent can act on
   * @param remedy what to ask for to be allowed, or empty
   */
  record Deny(String reason, String remedy) implements Decision {
    public Deny {
      Objects.requireNonNull(reason, "reason");
      remedy = remedy == null ? "" : remedy;
    }

    /** The reason and the remedy, as one message for the agent. */
    public String message() {
      return remedy.isEmpty() ? reason : reason + "; " + remedy;
    }
  }

  /**
   * Held for a human's just-in-time approval.
   *
   * @param grantId the grant whose review rule matched
   * @param reason why it needs approval
   * @param timeout how long the agent waits for a decision, or null for the gateway's default
   */
  record Review(String grantId, String reason, Duration timeout) implements Decision {
    public Review {
      Objects.requireNonNull(grantId, "grantId");
      Objects.requireNonNull(reason, "reason");
      if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
        throw new IllegalArgumentException("an approval timeout must be positive: " + timeout);
      }
    }

    /** Held for as long as the gateway's default approval timeout. */
    public Review(String grantId, String reason) {
      this(grantId, reason, null);
    }

    /** How long the agent waits, {@code fallback} when the rule set no timeout. */
    public Duration timeoutOr(Duration fallback) {
      return timeout == null ? fallback : timeout;
    }
  }
}
