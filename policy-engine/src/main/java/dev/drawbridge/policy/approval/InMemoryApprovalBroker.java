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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approvals on a single gateway, in memory: a held statement waits here until an approver decides
 * it through the {@link ApprovalDesk}, it times out, or the agent gives up. Exactly one of these
 * decides each request. An approval for a while installs a temporary grant (recorded in the audit
 * journal first) before the held statement is released, so the agent's next matching statement
 * passes without asking.
 *
 * <p>{@link #request} runs on an event loop and does no I/O: it registers the request and schedules
 * its timeout. Verdicts complete on the thread that decided (an admin API thread, the timer); the
 * protocol hops back to its own event loop.
 */
public final class InMemoryApprovalBroker implements ApprovalBroker, ApprovalDesk {

  private static final Logger log = LoggerFactory.getLogger(InMemoryApprovalBroker.class);

  /** How many decided requests {@link #list} keeps to show. */
  private static final int RECENT = 500;

  private final ApprovalsConfig config;
  private final RunTimeGrants grants;
  private final ScheduledExecutorService timer;
  private final Clock clock;
  private final ApprovalEvents events;
  private final ConcurrentMap<String, Held> pending = new ConcurrentHashMap<>();
  private final Deque<ApprovalRequest> recent = new ArrayDeque<>();

  /** One waiting request: what approvers see, and the agent's side of it. */
  private final class Held implements PendingApproval {
    private final AtomicReference<ApprovalRequest> request;
    private final Operation operation;
    private final CompletableFuture<ApprovalVerdict> verdict = new CompletableFuture<>();
    private volatile ScheduledFuture<?> timeout;

    Held(ApprovalRequest request, Operation operation) {
      this.request = new AtomicReference<>(request);
      this.operation = operation;
    }

    @Override
    public String id() {
      return request.get().id();
    }

    @Override
    public Instant deadline() {
      return request.get().deadline();
    }

    @Override
    public CompletionStage<ApprovalVerdict> verdict() {
      return verdict.minimalCompletionStage();
    }

    @Override
    public void abandon(String reason) {
      decide(this, new ApprovalVerdict.Abandoned(reason));
    }
  }

  /**
   * @param grants where an approval for a while puts its temporary grant
   * @param timer runs timeouts; owned by the caller
   * @param events who hears of requests and verdicts
   */
  public InMemoryApprovalBroker(
      ApprovalsConfig config,
      RunTimeGrants grants,
      ScheduledExecutorService timer,
      Clock clock,
      ApprovalEvents events) {
    this.config = Objects.requireNonNull(config, "config");
    this.grants = Objects.requireNonNull(grants, "grants");
    this.timer = Objects.requireNonNull(timer, "timer");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.events = Objects.requireNonNull(events, "events");
  }

  /** A broker nobody hears from. */
  public InMemoryApprovalBroker(
      ApprovalsConfig config, RunTimeGrants grants, ScheduledExecutorService timer, Clock clock) {
    this(config, grants, timer, clock, ApprovalEvents.NONE);
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
    Held held = new Held(request, operation);
    pending.put(request.id(), held);
    held.timeout =
        timer.schedule(
            () -> decide(held, new ApprovalVerdict.TimedOut(timeout)),
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    log.info(
        "approval {}: agent '{}' on '{}' waits for {} ({})",
        request.id(),
        request.agent(),
        request.connection(),
        request.reason(),
        request.grantId());
    events.requested(request);
    return held;
  }

  @Override
  public List<ApprovalRequest> list(boolean all) {
    List<ApprovalRequest> list = new ArrayList<>();
    pending.values().forEach(held -> list.add(held.request.get()));
    if (all) {
      synchronized (recent) {
        list.addAll(recent);
      }
    }
    list.sort(Comparator.comparing(ApprovalRequest::requestedAt).reversed());
    return list;
  }

  @Override
  public Optional<ApprovalRequest> find(String id) {
    Held held = pending.get(id);
    if (held != null) {
      return Optional.of(held.request.get());
    }
    synchronized (recent) {
      return recent.stream().filter(r -> r.id().equals(id)).findFirst();
    }
  }

  @Override
  public DeskAnswer<ApprovalRequest> approve(
      String id, Identity approver, Duration forDuration, String reason) {
    Held held = pending.get(id);
    DeskAnswer<ApprovalRequest> refused = mayDecide(id, held, approver);
    if (refused != null) {
      return refused;
    }
    if (forDuration == null) {
      return decided(held, ApprovalVerdict.Approved.once(approver.subject(), reason));
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
    Optional<GrantConfig> reviewed = grants.configured(held.request.get().grantId());
    if (reviewed.isEmpty()) {
      return new DeskAnswer.Conflict<>(
          "grant '" + held.request.get().grantId() + "' is gone; approve this statement once");
    }
    Instant until = clock.instant().plus(forDuration);
    String grantId = "jit-" + id;
    GrantConfig grant;
    try {
      grant =
          TemporaryGrants.of(
              grantId, held.operation, reviewed.get(), approver.subject(), reason, until);
    } catch (TemporaryGrants.NotExpressible e) {
      return new DeskAnswer.Invalid<>(e.getMessage());
    }
    // the grant is in force before the held statement runs, so that the next one passes
    synchronized (held) {
      if (!pending.containsKey(id)) {
        return new DeskAnswer.Conflict<>("request " + id + " was decided meanwhile");
      }
      AuditReceipt.Refused journal =
          grants.add(new TemporaryGrant(grant, until, approver.subject(), clock.instant(), id));
      if (journal != null) {
        return new DeskAnswer.Unavailable<>(
            "the audit journal cannot record the grant: " + journal.reason());
      }
    }
    return decided(held, new ApprovalVerdict.Approved(approver.subject(), reason, grantId, until));
  }

  @Override
  public DeskAnswer<ApprovalRequest> deny(String id, Identity approver, String reason) {
    Held held = pending.get(id);
    DeskAnswer<ApprovalRequest> refused = mayDecide(id, held, approver);
    if (refused != null) {
      return refused;
    }
    if (reason == null || reason.isBlank()) {
      return new DeskAnswer.Invalid<>("the agent is told why it was denied: give a reason");
    }
    return decided(held, new ApprovalVerdict.Denied(approver.subject(), reason));
  }

  /** Why {@code approver} may not decide request {@code id}, or null when they may. */
  private DeskAnswer<ApprovalRequest> mayDecide(String id, Held held, Identity approver) {
    if (!approver.hasRole("approver")) {
      return new DeskAnswer.Forbidden<>("deciding approval requests needs the approver role");
    }
    if (held == null) {
      return find(id)
          .<DeskAnswer<ApprovalRequest>>map(
              done ->
                  new DeskAnswer.Conflict<>("request " + id + " is " + done.status() + " already"))
          .orElseGet(() -> new DeskAnswer.NotFound<>("no approval request " + id));
    }
    ApprovalRequest request = held.request.get();
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

  private DeskAnswer<ApprovalRequest> decided(Held held, ApprovalVerdict verdict) {
    ApprovalRequest done = decide(held, verdict);
    return done == null
        ? new DeskAnswer.Conflict<>("request " + held.id() + " was decided meanwhile")
        : new DeskAnswer.Done<>(done);
  }

  /** Settles a request once; null when something else settled it first. */
  private ApprovalRequest decide(Held held, ApprovalVerdict verdict) {
    synchronized (held) {
      if (!pending.remove(held.id(), held)) {
        return null;
      }
      ScheduledFuture<?> timeout = held.timeout;
      if (timeout != null) {
        timeout.cancel(false);
      }
      ApprovalRequest done = held.request.updateAndGet(r -> r.with(verdict));
      synchronized (recent) {
        recent.addFirst(done);
        while (recent.size() > RECENT) {
          recent.removeLast();
        }
      }
      log.info("approval {}: {}", done.id(), verdict.outcome());
      held.verdict.complete(verdict);
      events.decided(done);
      return done;
    }
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
