package dev.drawbridge.policy.approval;

import dev.drawbridge.config.GrantConfig;
import java.time.Instant;
import java.util.Objects;

/**
 * A grant created at run time: by {@code approve --for}, or through the admin API.
 *
 * @param grant the grant; its rules, subject and connection as a file grant has them
 * @param expiresAt the instant it lapses (always set)
 * @param creator who created it (their subject)
 * @param createdAt when
 * @param approval the approval request that created it, or empty
 */
public record TemporaryGrant(
    GrantConfig grant, Instant expiresAt, String creator, Instant createdAt, String approval) {

  public TemporaryGrant {
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(creator, "creator");
    Objects.requireNonNull(createdAt, "createdAt");
    approval = approval == null ? "" : approval;
  }

  public String id() {
    return grant.id();
  }
}
