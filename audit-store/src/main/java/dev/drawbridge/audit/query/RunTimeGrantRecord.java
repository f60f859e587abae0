package dev.drawbridge.audit.query;

import dev.drawbridge.config.GrantConfig;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A grant made at run time, as its {@code grant.created} event recorded it whole, and its {@code
 * grant.revoked} when it was revoked.
 *
 * @param eventId the id of its {@code grant.created} event
 * @param createdAt when it was created
 * @param grant the grant, rules and all ({@code expires} is not set: see {@code expiresAt})
 * @param expiresAt the instant it lapses
 * @param revokedAt when it was revoked, or {@code null}
 */
public record RunTimeGrantRecord(
    UUID eventId, Instant createdAt, GrantConfig grant, Instant expiresAt, Instant revokedAt) {

  public RunTimeGrantRecord {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  RunTimeGrantRecord revokedAt(Instant time) {
    return new RunTimeGrantRecord(eventId, createdAt, grant, expiresAt, time);
  }
}
