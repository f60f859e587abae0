package dev.drawbridge.policy.approval;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.model.TimeOrderedIds;
import dev.drawbridge.core.ports.AuditReceipt;
import dev.drawbridge.core.ports.AuditSink;
import dev.drawbridge.policy.GrantAuthorizer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grants made at run time, kept in the {@link PolicyStore} beside the file's grants: each is
 * recorded in the audit journal before it takes effect, and the authorizer decides over the union
 * from then on. {@link #refresh()} reads the store again and swaps the authorizer's run-time grants
 * (after a change here, or one another replica announced). A grant stops deciding at its instant
 * (the authorizer reads the clock), refreshed or not.
 */
public final class RunTimeGrants implements GrantDesk {

  private static final Logger log = LoggerFactory.getLogger(RunTimeGrants.class);

  private final List<GrantConfig> configured;
  private final GrantAuthorizer authorizer;
  private final PolicyStore store;
  private final AuditSink audit;
  private final Clock clock;
  private volatile List<TemporaryGrant> installed = List.of();

  public RunTimeGrants(
      List<GrantConfig> configured,
      GrantAuthorizer authorizer,
      PolicyStore store,
      AuditSink audit,
      Clock clock) {
    this.configured = List.copyOf(configured);
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    this.store = Objects.requireNonNull(store, "store");
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
  public List<TemporaryGrant> temporary() {
    refresh();
    return installed;
  }

  /** The run-time grants decisions take now, as last read from the store (without reading it). */
  public List<TemporaryGrant> inForce() {
    return installed;
  }

  /**
   * Reads the store's grants and puts them in force. When the store cannot be read, the grants in
   * force stay as they were (each still lapses at its instant).
   */
  public synchronized void refresh() {
    try {
      List<TemporaryGrant> grants = store.grants(clock.instant());
      List<GrantAuthorizer.RunTime> runTime = new ArrayList<>(grants.size());
      for (TemporaryGrant grant : grants) {
        if (configured(grant.id()).isPresent()) {
          log.warn("run-time grant '{}' has the id of a file grant; it is ignored", grant.id());
          continue;
        }
        runTime.add(new GrantAuthorizer.RunTime(grant.grant(), grant.expiresAt()));
      }
      authorizer.runTime(runTime);
      installed = List.copyOf(grants);
    } catch (PolicyStore.StoreException e) {
      log.warn("run-time grants not refreshed: {}", e.getMessage());
    }
  }

  /**
   * Records that {@code grant} is being created; it must not be created when this returns a
   * refusal.
   */
  AuditReceipt created(TemporaryGrant grant) {
    return audit.record(
        new AuditEvent.GrantCreated(
            TimeOrderedIds.next(),
            clock.instant(),
            grant.grant(),
            grant.expiresAt(),
            grant.creator(),
            grant.approval()));
  }

  /** Records that a grant recorded as created never came into force. */
  void notCreated(TemporaryGrant grant, String why) {
    audit.record(
        new AuditEvent.GrantRevoked(
            TimeOrderedIds.next(), clock.instant(), grant.id(), grant.creator(), why));
  }

  @Override
  public DeskAnswer<TemporaryGrant> revoke(String id, Identity actor, String reason) {
    if (!actor.hasRole("admin")) {
      return new DeskAnswer.Forbidden<>("revoking a grant needs the admin role");
    }
    if (configured(id).isPresent()) {
      return new DeskAnswer.Conflict<>(
          "grant '"
              + id
              + "' comes from the configuration file; remove it there and reload the gateway");
    }
    if (reason == null || reason.isBlank()) {
      return new DeskAnswer.Invalid<>("say why the grant is revoked (a reason is required)");
    }
    try {
      if (store.grants(clock.instant()).stream().noneMatch(g -> g.id().equals(id))) {
        return new DeskAnswer.NotFound<>("no run-time grant '" + id + "' is in force");
      }
      AuditReceipt receipt =
          audit.record(
              new AuditEvent.GrantRevoked(
                  TimeOrderedIds.next(), clock.instant(), id, actor.subject(), reason));
      if (receipt instanceof AuditReceipt.Refused refused) {
        return new DeskAnswer.Unavailable<>(
            "the audit journal cannot record the revocation: " + refused.reason());
      }
      Optional<TemporaryGrant> revoked = store.revoke(id, actor.subject(), reason, clock.instant());
      refresh();
      return revoked
          .<DeskAnswer<TemporaryGrant>>map(DeskAnswer.Done::new)
          .orElseGet(() -> new DeskAnswer.NotFound<>("grant '" + id + "' lapsed meanwhile"));
    } catch (PolicyStore.StoreException e) {
      return new DeskAnswer.Unavailable<>(e.getMessage());
    }
  }
}
