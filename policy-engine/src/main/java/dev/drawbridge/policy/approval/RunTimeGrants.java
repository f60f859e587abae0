package dev.drawbridge.policy.approval;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.model.TimeOrderedIds;
import dev.drawbridge.core.ports.AuditReceipt;
import dev.drawbridge.core.ports.AuditSink;
import dev.drawbridge.policy.GrantAuthorizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
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
  private final Set<String> connections;
  private final Duration maxGrant;
  private volatile List<TemporaryGrant> installed = List.of();

  /**
   * @param connections the names of the configured connections a grant may name
   * @param maxGrant the longest a run-time grant may last ({@code approvals.maxGrant})
   */
  public RunTimeGrants(
      List<GrantConfig> configured,
      GrantAuthorizer authorizer,
      PolicyStore store,
      AuditSink audit,
      Clock clock,
      Set<String> connections,
      Duration maxGrant) {
    this.configured = List.copyOf(configured);
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    this.store = Objects.requireNonNull(store, "store");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.connections = Set.copyOf(connections);
    this.maxGrant = Objects.requireNonNull(maxGrant, "maxGrant");
  }

  /** Grants on the connections the file's grants name, lasting at most 24 hours. */
  public RunTimeGrants(
      List<GrantConfig> configured,
      GrantAuthorizer authorizer,
      PolicyStore store,
      AuditSink audit,
      Clock clock) {
    this(
        configured,
        authorizer,
        store,
        audit,
        clock,
        configured.stream().map(GrantConfig::connection).collect(Collectors.toSet()),
        Duration.ofHours(24));
  }

  @Override
  public List<GrantConfig> configured() {
    return configured;
  }

  /** The longest a run-time grant may last from now ({@code approvals.maxGrant}). */
  public Duration maxGrant() {
    return maxGrant;
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
      List<TemporaryGrant> accepted = new ArrayList<>(grants.size());
      for (TemporaryGrant grant : grants) {
        if (configured(grant.id()).isPresent()) {
          log.warn("run-time grant '{}' has the id of a file grant; it is ignored", grant.id());
          continue;
        }
        try {
          GrantAuthorizer.from(List.of(grant.grant()), clock);
        } catch (IllegalArgumentException e) {
          // a row changed behind the gateway's back must not stop the others from updating
          log.warn(
              "run-time grant '{}' is not valid ({}); it is ignored", grant.id(), e.getMessage());
          continue;
        }
        runTime.add(new GrantAuthorizer.RunTime(grant.grant(), grant.expiresAt()));
        accepted.add(grant);
      }
      authorizer.runTime(runTime);
      installed = List.copyOf(accepted);
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
  public DeskAnswer<TemporaryGrant> create(GrantConfig grant, Duration lasting, Identity creator) {
    if (!creator.hasRole("admin")) {
      return new DeskAnswer.Forbidden<>("creating a grant needs the admin role");
    }
    String invalid = invalid(grant, lasting);
    if (invalid != null) {
      return new DeskAnswer.Invalid<>(invalid);
    }
    String id =
        grant.id() == null || grant.id().isBlank()
            ? "dyn-" + ApprovalIds.next().substring("ap-".length())
            : grant.id();
    if (configured(id).isPresent()) {
      return new DeskAnswer.Conflict<>("grant '" + id + "' exists in the configuration file");
    }
    Instant now = clock.instant();
    Instant until = now.plus(lasting);
    GrantConfig made =
        new GrantConfig(
            id,
            grant.subject(),
            grant.connection(),
            grant.allow(),
            grant.review(),
            grant.deny(),
            grant.limits(),
            grant.owner(),
            grant.reason(),
            until.atOffset(ZoneOffset.UTC).toLocalDate());
    try {
      GrantAuthorizer.from(List.of(made), clock);
    } catch (IllegalArgumentException e) {
      return new DeskAnswer.Invalid<>(e.getMessage());
    }
    TemporaryGrant temporary = new TemporaryGrant(made, until, creator.subject(), now, "");
    try {
      if (store.grants(now).stream().anyMatch(g -> g.id().equals(id))) {
        return new DeskAnswer.Conflict<>("a run-time grant '" + id + "' is in force already");
      }
      if (created(temporary) instanceof AuditReceipt.Refused refused) {
        return new DeskAnswer.Unavailable<>(
            "the audit journal cannot record the grant: " + refused.reason());
      }
      if (!store.addGrant(temporary)) {
        notCreated(temporary, "not created: a grant with this id exists");
        return new DeskAnswer.Conflict<>(
            "a grant '" + id + "' exists already (ids are not reused)");
      }
    } catch (PolicyStore.StoreException e) {
      notCreated(temporary, "not created: " + e.getMessage());
      return new DeskAnswer.Unavailable<>(e.getMessage());
    }
    refresh();
    return new DeskAnswer.Done<>(temporary);
  }

  /** What is wrong with a grant asked for at run time, or null. */
  private String invalid(GrantConfig grant, Duration lasting) {
    if (grant.id() != null
        && !grant.id().isBlank()
        && (!grant.id().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
            || grant.id().startsWith("jit-"))) {
      return "id must be 1-100 letters, digits, '.', '_' or '-' and not start with 'jit-' (kept"
          + " for approvals); leave it out to have one made";
    }
    if (grant.subject() == null
        || (grant.subject().agent() == null) == (grant.subject().group() == null)) {
      return "subject needs exactly one of agent or group";
    }
    if (grant.connection() == null || !connections.contains(grant.connection())) {
      return "connection '" + grant.connection() + "' is not a connection of this gateway";
    }
    if (grant.allow().isEmpty() && grant.review().isEmpty() && grant.deny().isEmpty()) {
      return "the grant has no allow, review or deny rules; it grants nothing";
    }
    if (grant.owner() == null || grant.owner().isBlank()) {
      return "owner is required: who answers for the grant";
    }
    if (grant.reason() == null || grant.reason().isBlank()) {
      return "reason is required: why the grant exists (a ticket, a purpose)";
    }
    if (lasting == null || lasting.isZero() || lasting.isNegative()) {
      return "for is required: how long the grant lasts (1h, 7d)";
    }
    if (lasting.compareTo(maxGrant) > 0) {
      return "for " + lasting + " is longer than approvals.maxGrant (" + maxGrant + ")";
    }
    return null;
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
