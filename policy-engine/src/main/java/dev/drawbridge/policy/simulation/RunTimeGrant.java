package dev.drawbridge.policy.simulation;

import dev.drawbridge.config.GrantConfig;
import java.time.Instant;
import java.util.Objects;

/**
 * A grant made at run time (an approval for a while, the admin API), as the audit trail recorded
 * it: simulations apply it beside the candidate's grants while it was in force, as the gateway did.
 *
 * @param grant the grant, as created
 * @param createdAt when it was created
 * @param lapsesAt when it lapses
 * @param revokedAt when it was revoked, or {@code null}
 */
public record RunTimeGrant(
    GrantConfig grant, Instant createdAt, Instant lapsesAt, Instant revokedAt) {

  public RunTimeGrant {
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lapsesAt, "lapsesAt");
  }

  /** Whether it was in force at {@code time}: created, not yet lapsed nor revoked. */
  public boolean inForceAt(Instant time) {
    return !time.isBefore(createdAt)
        && time.isBefore(lapsesAt)
        && (revokedAt == null || time.isBefore(revokedAt));
  }
}
