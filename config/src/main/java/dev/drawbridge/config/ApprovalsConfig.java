package dev.drawbridge.config;

import java.time.Duration;

/**
 * Just-in-time approvals: how long a held statement waits, and how long a grant given by {@code
 * approve --for} may last.
 *
 * @param timeout how long an agent waits for a decision when its review rule sets no {@code
 *     timeout} (default 5 minutes)
 * @param maxGrant the longest a temporary grant may last (default 24 hours)
 */
public record ApprovalsConfig(Duration timeout, Duration maxGrant) {

  /** The defaults, when the section is absent. */
  public static final ApprovalsConfig DEFAULT = new ApprovalsConfig(null, null);

  public ApprovalsConfig {
    timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
    maxGrant = maxGrant == null ? Duration.ofHours(24) : maxGrant;
  }
}
