package dev.drawbridge.config;

import java.time.Duration;
import java.util.List;

/**
 * Just-in-time approvals: how long a held statement waits, how long a grant given by {@code approve
 * --for} may last, and who is notified.
 *
 * @param timeout how long an agent waits for a decision when its review rule sets no {@code
 *     timeout} (default 5 minutes)
 * @param maxGrant the longest a temporary grant may last (default 24 hours)
 * @param webhooks where requests and decisions are posted (default none)
 */
public record ApprovalsConfig(Duration timeout, Duration maxGrant, List<WebhookConfig> webhooks) {

  /** The defaults, when the section is absent. */
  public static final ApprovalsConfig DEFAULT = new ApprovalsConfig(null, null);

  public ApprovalsConfig {
    timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
    maxGrant = maxGrant == null ? Duration.ofHours(24) : maxGrant;
    webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
  }

  /** Approvals that notify nobody. */
  public ApprovalsConfig(Duration timeout, Duration maxGrant) {
    this(timeout, maxGrant, null);
  }
}
