package dev.drawbridge.policy.approval;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.model.TimeOrderedIds;
import dev.drawbridge.core.ports.AuditReceipt;
import dev.drawbridge.core.ports.AuditSink;
import dev.drawbridge.policy.GrantAuthorizer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The grants made at run time, held in memory beside the file's: each one is recorded in the audit
 * journal before it takes effect, and the authorizer decides over the union from then on. A grant
 * that lapses stops deciding at its instant (the authorizer reads the clock) and is dropped from
 * the list the next time it is read.
 */
public final class RunTimeGrants implements GrantDesk {

  private final List<GrantConfig> configured;
  private final GrantAuthorizer authorizer;
  private final AuditSink audit;
  private final Clock clock;
  private final Map<String, TemporaryGrant> grants = new LinkedHashMap<>();

  public RunTimeGrants(
      List<GrantConfig> configured, GrantAuthorizer authorizer, AuditSink audit, Clock clock) {
    this.configured = List.copyOf(configured);
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public List<GrantConfig> configured() {
    return configured;
  }

  /** The configuration file's grant with this id. */
  public Optional<GrantConfig> configured(String id) {
    return configured.stream().filter(g -> id.equals(g.id())).findFirst();
  }

  @Override
  public synchronized List<TemporaryGrant> temporary() {
    dropLapsed();
    return List.copyOf(grants.values());
  }

  /**
   * Records {@code grant} and puts it in force.
   *
   * @return the journal's refusal, or null once the grant is in force
   */
  public synchronized AuditReceipt.Refused add(TemporaryGrant grant) {
    if (grants.containsKey(grant.id()) || configured(grant.id()).isPresent()) {
      throw new IllegalArgumentException("grant '" + grant.id() + "' exists already");
    }
    AuditReceipt receipt =
        audit.record(
            new AuditEvent.GrantCreated(
                TimeOrderedIds.next(),
                clock.instant(),
                grant.grant(),
                grant.expiresAt(),
                grant.creator(),
                grant.approval()));
    if (receipt instanceof AuditReceipt.Refused refused) {
      return refused;
    }
    grants.put(grant.id(), grant);
    install();
    return null;
  }

  @Override
  public synchronized DeskAnswer<TemporaryGrant> revoke(String id, Identity actor, String reason) {
    if (!actor.hasRole("admin")) {
      return new DeskAnswer.Forbidden<>("revoking a grant needs the admin role");
    }
    dropLapsed();
    TemporaryGrant grant = grants.get(id);
    if (grant == null) {
      return configured(id).isPresent()
          ? new DeskAnswer.Conflict<>(
              "grant '"
                  + id
                  + "' comes from the configuration file; remove it there and reload the gateway")
          : new DeskAnswer.NotFound<>("no run-time grant '" + id + "' is in force");
    }
    if (reason == null || reason.isBlank()) {
      return new DeskAnswer.Invalid<>("say why the grant is revoked (a reason is required)");
    }
    AuditReceipt receipt =
        audit.record(
            new AuditEvent.GrantRevoked(
                TimeOrderedIds.next(), clock.instant(), id, actor.subject(), reason));
    if (receipt instanceof AuditReceipt.Refused refused) {
      return new DeskAnswer.Unavailable<>(
          "the audit journal cannot record the revocation: " + refused.reason());
    }
    grants.remove(id);
    install();
    return new DeskAnswer.Done<>(grant);
  }

  private void dropLapsed() {
    Instant now = clock.instant();
    if (grants.values().removeIf(g -> !g.expiresAt().isAfter(now))) {
      install();
    }
  }

  private void install() {
    List<GrantAuthorizer.RunTime> runTime = new ArrayList<>(grants.size());
    for (TemporaryGrant grant : grants.values()) {
      runTime.add(new GrantAuthorizer.RunTime(grant.grant(), grant.expiresAt()));
    }
    authorizer.runTime(runTime);
  }
}
