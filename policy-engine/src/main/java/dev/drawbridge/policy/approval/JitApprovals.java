package dev.drawbridge.policy.approval;

import dev.drawbridge.config.ApprovalsConfig;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.ApprovalVerdict;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.ports.ApprovalBroker;
import dev.drawbridge.core.ports.AuditReceipt;
import dev.drawbridge.core.ports.PendingApproval;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Just-in-time approvals: a held statement waits on the gateway that holds its session until an
 * approver decides it (through the {@link ApprovalDesk} of any gateway sharing the {@link
 * PolicyStore}), it times out, or the agent gives up. The store settles each request exactly once
 * (the first verdict wins); the gateway holding it learns of a verdict given elsewhere from the
 * store's change notices, and, should one be lost, from a sweep of its waiting requests. An
 * approval for a while creates a temporary grant in the same step as its verdict, recorded in the
 * audit journal first, so the agent's next matching statement passes without asking.
 *
 * <p>{@link #request} runs on an event loop: it does no I/O (the store is written on {@code
 * blocking}). Desk calls block on the store; the admin API makes them off its event loop.
 */
public final class JitApprovals implements ApprovalBroker, ApprovalDesk, PolicyStore.Changes {

  private static final Logger log = LoggerFactory.getLogger(JitApprovals.class);

  /** How often waiting requests are checked against the store, in case a notice was lost. */
  private static final Duration SWEEP = Duration.ofSeconds(2);

  /**
   * How often run-time grants are read again, in case a notice was lost or a refresh failed: the
   * longest a revoked grant can stay in force on a replica that missed its revocation.
   */
  private static final Duration REREAD = Duration.ofSeconds(30);

  private final ApprovalsConfig config;
  private final PolicyStore store;
  private final RunTimeGrants grants;
  private final ScheduledExecutorService timer;
  private final Executor blocking;
  private final Clock clock;
  private final ApprovalEvents events;
  private final ConcurrentMap<String, Held> held = new ConcurrentHashMap<>();
  private final ScheduledFuture<?> sweep;
  private final ScheduledFuture<?> reread;

  /** A request waiting on this gateway, and the agent's side of it. */
  private final class Held implements PendingApproval {
    private final ApprovalRequest request;
    private final CompletableFuture<ApprovalVerdict> verdict = new CompletableFuture<>();

    /**
     * Completes once the request was written to the store (or failed to be): a timeout or the agent
     * giving up settles it only after that, or the store would keep a request nobody waits on as
     * pending, for an approver to approve.
     */
    private final CompletableFuture<Void> stored = new CompletableFuture<>();

    private volatile ScheduledFuture<?> timeout;

    Held(ApprovalRequest request) {
      this.request = request;
    }

    @Override
    public String id() {
      return request.id();
    }

    @Override
    public Instant deadline() {
      return request.deadline();
    }

    @Override
    public CompletionStage<ApprovalVerdict> verdict() {
      return verdict.minimalCompletionStage();
    }

    @Override
    public void abandon(String reason) {
      settleOnceStored(this, new ApprovalVerdict.Abandoned(reason));
    }
  }

  /**
   * @param timer runs timeouts and the sweep; owned by the caller
   * @param blocking where store writes for requests run (never an event loop)
   * @param events who hears of requests and verdicts
   */
  public JitApprovals(
      ApprovalsConfig config,
      PolicyStore store,
      RunTimeGrants grants,
      ScheduledExecutorService timer,
      Executor blocking,
      Clock clock,
      ApprovalEvents events) {
    this.config = Objects.requireNonNull(config, "config");
    this.store = Objects.requireNonNull(store, "store");
    this.grants = Objects.requireNonNull(grants, "grants");
    this.timer = Objects.requireNonNull(timer, "timer");
    this.blocking = Objects.requireNonNull(blocking, "blocking");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.events = Objects.requireNonNull(events, "events");
    this.sweep =
        timer.scheduleWithFixedDelay(
            () -> blocking.execute(this::sweep),
            SWEEP.toMillis(),
            SWEEP.toMillis(),
            TimeUnit.MILLISECONDS);
    this.reread =
        timer.scheduleWithFixedDelay(
            () -> blocking.execute(grants::refresh),
            REREAD.toMillis(),
            REREAD.toMillis(),
            TimeUnit.MILLISECONDS);
    grants.refresh();
    store.listen(this);
  }

  @Override
  public PendingApproval request(Operation operation, Decision.Review review) {
    Instant now = clock.instant();
    Duration timeout = review.timeoutOr(config.timeout());
    ApprovalRequest request =
        new ApprovalRequest(
            ApprovalIds.next(),
            operation.session().id().toString(),
            operation.sequence(),
            operation.identity().agent(),
            operation.identity().subject(),
            operation.connection(),
            operation.action().configName(),
            operation.verb(),
            operation.resources().stream().map(TemporaryGrants::describe).toList(),
            operation.text(),
            sha256(operation.text()),
            review.grantId(),
            review.reason(),
            now,
            now.plus(timeout),
            null);
    Held waiting = new Held(request);
    held.put(request.id(), waiting);
    waiting.timeout =
        timer.schedule(
            () -> settleOnceStored(waiting, new ApprovalVerdict.TimedOut(timeout)),
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    blocking.execute(
        () -> {
          try {
            try {
              store.add(request);
            } catch (PolicyStore.StoreException e) {
              log.warn("approval {}: {}", request.id(), e.getMessage());
              settleHere(waiting, new ApprovalVerdict.Failed("the approval store is unavailable"));
              return;
            }
            log.info(
                "approval {}: agent '{}' on '{}' waits: {}",
                request.id(),
                request.agent(),
                request.connection(),
                request.reason());
            events.requested(request);
          } finally {
            waiting.stored.complete(null);
          }
        });
    return waiting;
  }

  @Override
  public List<ApprovalRequest> list(boolean all) {
    try {
      return store.requests(all);
    } catch (PolicyStore.StoreException e) {
      throw new PolicyStore.Unavailable(e.getMessage(), e);
    }
  }

  @Override
  public Optional<ApprovalRequest> find(String id) {
    try {
      return store.request(id);
    } catch (PolicyStore.StoreException e) {
      throw new PolicyStore.Unavailable(e.getMessage(), e);
    }
  }

  @Override
  public DeskAnswer<ApprovalRequest> approve(
      String id, Identity approver, Duration forDuration, String reason) {
    try {
      Optional<ApprovalRequest> found = store.request(id);
      DeskAnswer<ApprovalRequest> refused = mayDecide(id, found, approver, clock.instant());
      if (refused != null) {
        return refused;
      }
      ApprovalRequest request = found.orElseThrow();
      if (forDuration == null) {
        return settled(id, ApprovalVerdict.Approved.once(approver.subject(), reason), null);
      }
      if (forDuration.isZero() || forDuration.isNegative()) {
        return new DeskAnswer.Invalid<>("--for must be a positive duration");
      }
      if (forDuration.compareTo(config.maxGrant()) > 0) {
        return new DeskAnswer.Invalid<>(
            "--for "
                + forDuration
                + " is longer than approvals.maxGrant ("
                + config.maxGrant()
                + "); approve for less, or ask for a grant in the configuration");
      }
      if (reason == null || reason.isBlank()) {
        return new DeskAnswer.Invalid<>(
            "an approval for a while creates a grant, which needs a reason; give one");
      }
      Optional<GrantConfig> reviewed = grants.configured(request.grantId());
      if (reviewed.isEmpty()) {
        return new DeskAnswer.Conflict<>(
            "grant '" + request.grantId() + "' is gone; approve this statement once");
      }
      Instant until = clock.instant().plus(forDuration);
      String grantId = "jit-" + id;
      TemporaryGrant grant;
      try {
        grant =
            new TemporaryGrant(
                TemporaryGrants.of(
                    grantId, request, reviewed.get(), approver.subject(), reason, until),
                until,
                approver.subject(),
                clock.instant(),
                id);
      } catch (TemporaryGrants.NotExpressible e) {
        return new DeskAnswer.Invalid<>(e.getMessage());
      }
      if (grants.created(grant) instanceof AuditReceipt.Refused journal) {
        return new DeskAnswer.Unavailable<>(
            "the audit journal cannot record the grant: " + journal.reason());
      }
      return settled(
          id, new ApprovalVerdict.Approved(approver.subject(), reason, grantId, until), grant);
    } catch (PolicyStore.StoreException e) {
      return new DeskAnswer.Unavailable<>(e.getMessage());
    }
  }

  @Override
  public DeskAnswer<ApprovalRequest> deny(String id, Identity approver, String reason) {
    try {
      DeskAnswer<ApprovalRequest> refused =
          mayDecide(id, store.request(id), approver, clock.instant());
      if (refused != null) {
        return refused;
      }
      if (reason == null || reason.isBlank()) {
        return new DeskAnswer.Invalid<>("the agent is told why it was denied: give a reason");
      }
      return settled(id, new ApprovalVerdict.Denied(approver.subject(), reason), null);
    } catch (PolicyStore.StoreException e) {
      return new DeskAnswer.Unavailable<>(e.getMessage());
    }
  }

  /** A verdict given elsewhere: the request, if it waits here, is released with it. */
  @Override
  public void settled(String id) {
    Held waiting = held.get(id);
    if (waiting == null) {
      return;
    }
    try {
      Optional<ApprovalRequest> decided = store.request(id).filter(r -> r.verdict() != null);
      if (decided.isEmpty()) {
        return;
      }
      if (decided.get().verdict() instanceof ApprovalVerdict.Approved approved
          && !approved.grantId().isEmpty()) {
        // the grant it made is in force here before the held statement runs
        grants.refresh();
      }
      release(waiting, decided.get());
    } catch (PolicyStore.StoreException e) {
      log.warn("approval {}: verdict not read yet: {}", id, e.getMessage());
    }
  }

  @Override
  public void grantsChanged() {
    grants.refresh();
  }

  /** Stops the sweep; waiting requests are abandoned by their sessions as they close. */
  public void close() {
    sweep.cancel(false);
    reread.cancel(false);
  }

  /** Why {@code approver} may not decide request {@code id}, or null when they may. */
  private static DeskAnswer<ApprovalRequest> mayDecide(
      String id, Optional<ApprovalRequest> found, Identity approver, Instant now) {
    if (!approver.hasRole("approver")) {
      return new DeskAnswer.Forbidden<>("deciding approval requests needs the approver role");
    }
    if (found.isEmpty()) {
      return new DeskAnswer.NotFound<>("no approval request " + id);
    }
    ApprovalRequest request = found.get();
    if (request.verdict() != null) {
      return new DeskAnswer.Conflict<>("request " + id + " is " + request.status() + " already");
    }
    if (!now.isBefore(request.deadline())) {
      // its gateway times it out (or went away): nobody waits on it, so no approval (and no
      // temporary grant) may come of it
      return new DeskAnswer.Conflict<>(
          "request " + id + " has lapsed: its deadline " + request.deadline() + " has passed");
    }
    if (approver.subject().equals(request.subject()) || approver.agent().equals(request.agent())) {
      return new DeskAnswer.Forbidden<>(
          "request "
              + id
              + " is agent '"
              + request.agent()
              + "''s own; another approver decides it");
    }
    return null;
  }

  /** Settles a request from the desk; releases it if it waits here. */
  private DeskAnswer<ApprovalRequest> settled(
      String id, ApprovalVerdict verdict, TemporaryGrant grant) throws PolicyStore.StoreException {
    Optional<ApprovalRequest> settled;
    try {
      settled = store.settle(id, verdict, grant);
    } catch (PolicyStore.StoreException e) {
      if (grant != null) {
        grants.notCreated(grant, "not created: " + e.getMessage());
      }
      throw e;
    }
    if (settled.isEmpty()) {
      if (grant != null) {
        grants.notCreated(grant, "not created: the request was decided meanwhile");
      }
      return new DeskAnswer.Conflict<>("request " + id + " was decided meanwhile");
    }
    if (grant != null) {
      // in force here before the held statement runs, so that the next one passes
      grants.refresh();
    }
    Held waiting = held.get(id);
    if (waiting != null) {
      release(waiting, settled.get());
    }
    events.decided(settled.get());
    return new DeskAnswer.Done<>(settled.get());
  }

  /** Settles a request here once it is in the store, off the caller's thread. */
  private void settleOnceStored(Held waiting, ApprovalVerdict verdict) {
    waiting.stored.whenCompleteAsync((ignored, failure) -> settleHere(waiting, verdict), blocking);
  }

  /** A timeout, or the agent giving up, on the gateway holding the request. */
  private void settleHere(Held waiting, ApprovalVerdict verdict) {
    if (waiting.verdict.isDone()) {
      return;
    }
    try {
      Optional<ApprovalRequest> settled = store.settle(waiting.id(), verdict, null);
      if (settled.isPresent()) {
        release(waiting, settled.get());
        events.decided(settled.get());
        return;
      }
      // decided elsewhere first: that verdict stands
      store
          .request(waiting.id())
          .filter(r -> r.verdict() != null)
          .ifPresentOrElse(
              r -> release(waiting, r), () -> release(waiting, waiting.request.with(verdict)));
    } catch (PolicyStore.StoreException e) {
      log.warn("approval {}: {}", waiting.id(), e.getMessage());
      release(waiting, waiting.request.with(verdict));
    }
  }

  /** Sees to it that no verdict given elsewhere waits unnoticed here. */
  private void sweep() {
    for (String id : held.keySet()) {
      settled(id);
    }
  }

  private void release(Held waiting, ApprovalRequest settled) {
    if (!held.remove(waiting.id(), waiting)) {
      return;
    }
    ScheduledFuture<?> timeout = waiting.timeout;
    if (timeout != null) {
      timeout.cancel(false);
    }
    log.info("approval {}: {}", settled.id(), settled.status());
    waiting.verdict.complete(settled.verdict());
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
