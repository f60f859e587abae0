package dev.drawbridge.server.admin.api;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import dev.drawbridge.core.model.ApprovalVerdict;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.policy.approval.ApprovalDesk;
import dev.drawbridge.policy.approval.ApprovalRequest;
import dev.drawbridge.policy.approval.DeskAnswer;
import dev.drawbridge.policy.approval.GrantDesk;
import dev.drawbridge.policy.approval.TemporaryGrant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory approval and grant desk for the admin API's tests: it keeps requests and temporary
 * grants in maps, refuses self-approval, a second decision and a grant longer than a day the way
 * the real desk does, and records who called it from which thread.
 */
public final class FakeDesks implements ApprovalDesk, GrantDesk {

  public static final Duration MAX_GRANT = Duration.ofHours(24);

  private final Clock clock = Clock.systemUTC();
  private final Map<String, ApprovalRequest> requests = new LinkedHashMap<>();
  private final Map<String, TemporaryGrant> temporary = new LinkedHashMap<>();
  private final List<GrantConfig> configured;
  private volatile Identity lastCaller;
  private volatile String lastThread;
  private volatile RuntimeException failNext;
  private volatile long delayNextMillis;

  public FakeDesks() {
    this.configured =
        List.of(
            new GrantConfig(
                "support-orders",
                new SubjectConfig("support-bot", null),
                "orders-db",
                List.of(new RuleConfig(List.of("read"), List.of("public.orders"), List.of())),
                List.of(
                    new RuleConfig(
                        List.of("write"),
                        List.of("public.orders"),
                        List.of(),
                        Duration.ofMinutes(5))),
                List.of(),
                null,
                "alice@example.com",
                "ticket triage, SEC-1234",
                LocalDate.parse("2027-03-31")));
  }

  /** Holds a statement of {@code agent} (its token subject is the agent name too). */
  public synchronized ApprovalRequest hold(String id, String agent) {
    Instant now = clock.instant();
    ApprovalRequest request =
        new ApprovalRequest(
            id,
            "0193a0c4-1111-7000-8000-000000000001",
            7,
            agent,
            agent,
            "orders-db",
            "write",
            "UPDATE",
            List.of("public.orders"),
            "UPDATE public.orders\n   SET status = 'refunded'\n WHERE id = 42",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "support-orders",
            "write on public.orders needs approval under grant 'support-orders'",
            now,
            now.plus(Duration.ofMinutes(5)),
            null);
    requests.put(id, request);
    return request;
  }

  /** The next call fails with {@code failure}, as a broken database would. */
  public void failNext(RuntimeException failure) {
    this.failNext = failure;
  }

  /** The next call takes this long, as a slow database would. */
  public void delayNext(Duration delay) {
    this.delayNextMillis = delay.toMillis();
  }

  public Identity lastCaller() {
    return lastCaller;
  }

  public String lastThread() {
    return lastThread;
  }

  @Override
  public synchronized List<ApprovalRequest> list(boolean all) {
    called(null);
    List<ApprovalRequest> newestFirst = new ArrayList<>(requests.values()).reversed();
    return newestFirst.stream().filter(r -> all || r.verdict() == null).toList();
  }

  @Override
  public synchronized Optional<ApprovalRequest> find(String id) {
    called(null);
    return Optional.ofNullable(requests.get(id));
  }

  @Override
  public synchronized DeskAnswer<ApprovalRequest> approve(
      String id, Identity approver, Duration forDuration, String reason) {
    called(approver);
    Optional<DeskAnswer<ApprovalRequest>> refused = refused(id, approver);
    if (refused.isPresent()) {
      return refused.get();
    }
    ApprovalRequest request = requests.get(id);
    ApprovalVerdict.Approved verdict;
    if (forDuration == null) {
      verdict = ApprovalVerdict.Approved.once(approver.subject(), reason);
    } else {
      if (forDuration.compareTo(MAX_GRANT) > 0) {
        return new DeskAnswer.Invalid<>("a temporary grant lasts at most 24h (approvals.maxGrant)");
      }
      if (reason == null || reason.isBlank()) {
        return new DeskAnswer.Invalid<>("a reason is required to approve for a while");
      }
      Instant now = clock.instant();
      Instant until = now.plus(forDuration);
      String grantId = "tmp-" + id;
      GrantConfig grant =
          new GrantConfig(
              grantId,
              new SubjectConfig(request.agent(), null),
              request.connection(),
              List.of(new RuleConfig(List.of(request.action()), request.resources(), List.of())),
              List.of(),
              List.of(),
              null,
              approver.subject(),
              reason,
              null);
      temporary.put(grantId, new TemporaryGrant(grant, until, approver.subject(), now, id));
      verdict = new ApprovalVerdict.Approved(approver.subject(), reason, grantId, until);
    }
    return new DeskAnswer.Done<>(decide(request, verdict));
  }

  @Override
  public synchronized DeskAnswer<ApprovalRequest> deny(
      String id, Identity approver, String reason) {
    called(approver);
    Optional<DeskAnswer<ApprovalRequest>> refused = refused(id, approver);
    if (refused.isPresent()) {
      return refused.get();
    }
    return new DeskAnswer.Done<>(
        decide(requests.get(id), new ApprovalVerdict.Denied(approver.subject(), reason)));
  }

  private Optional<DeskAnswer<ApprovalRequest>> refused(String id, Identity approver) {
    ApprovalRequest request = requests.get(id);
    if (request == null) {
      return Optional.of(new DeskAnswer.NotFound<>("no approval request '" + id + "'"));
    }
    if (request.verdict() != null) {
      return Optional.of(
          new DeskAnswer.Conflict<>(
              "approval request '" + id + "' is " + request.status() + " already"));
    }
    if (approver.subject().equals(request.subject())) {
      return Optional.of(
          new DeskAnswer.Forbidden<>(
              "'" + approver.subject() + "' cannot decide a request of their own"));
    }
    return Optional.empty();
  }

  private ApprovalRequest decide(ApprovalRequest r, ApprovalVerdict verdict) {
    ApprovalRequest decided =
        new ApprovalRequest(
            r.id(),
            r.session(),
            r.sequence(),
            r.agent(),
            r.subject(),
            r.connection(),
            r.action(),
            r.verb(),
            r.resources(),
            r.statement(),
            r.statementSha256(),
            r.grantId(),
            r.reason(),
            r.requestedAt(),
            r.deadline(),
            verdict);
    requests.put(r.id(), decided);
    return decided;
  }

  @Override
  public List<GrantConfig> configured() {
    called(null);
    return configured;
  }

  @Override
  public synchronized List<TemporaryGrant> temporary() {
    called(null);
    return List.copyOf(temporary.values());
  }

  @Override
  public synchronized DeskAnswer<TemporaryGrant> create(
      GrantConfig grant, Duration lasting, Identity creator) {
    called(creator);
    if (temporary.containsKey(grant.id())) {
      return new DeskAnswer.Conflict<>("grant '" + grant.id() + "' exists already");
    }
    TemporaryGrant made =
        new TemporaryGrant(
            grant,
            java.time.Instant.parse("2026-11-24T12:00:00Z").plus(lasting),
            creator.subject(),
            java.time.Instant.parse("2026-11-24T12:00:00Z"),
            "");
    temporary.put(grant.id(), made);
    return new DeskAnswer.Done<>(made);
  }

  @Override
  public synchronized DeskAnswer<TemporaryGrant> revoke(String id, Identity actor, String reason) {
    called(actor);
    if (configured.stream().anyMatch(g -> g.id().equals(id))) {
      return new DeskAnswer.Conflict<>(
          "grant '" + id + "' is in the configuration file; change it there");
    }
    TemporaryGrant removed = temporary.remove(id);
    return removed == null
        ? new DeskAnswer.NotFound<>("no temporary grant '" + id + "'")
        : new DeskAnswer.Done<>(removed);
  }

  private void called(Identity caller) {
    lastThread = Thread.currentThread().getName();
    if (caller != null) {
      lastCaller = caller;
    }
    long delay = delayNextMillis;
    if (delay > 0) {
      delayNextMillis = 0;
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    RuntimeException failure = failNext;
    if (failure != null) {
      failNext = null;
      throw failure;
    }
  }
}
