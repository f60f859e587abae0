package dev.drawbridge.policy;

import static dev.drawbridge.policy.Fixtures.NOON;
import static dev.drawbridge.policy.Fixtures.SUPPORT_BOT;
import static dev.drawbridge.policy.Fixtures.columns;
import static dev.drawbridge.policy.Fixtures.grant;
import static dev.drawbridge.policy.Fixtures.operation;
import static dev.drawbridge.policy.Fixtures.rule;
import static dev.drawbridge.policy.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.ApprovalsConfig;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.ApprovalVerdict;
import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.ports.AuditReceipt;
import dev.drawbridge.core.ports.AuditSink;
import dev.drawbridge.core.ports.PendingApproval;
import dev.drawbridge.policy.approval.ApprovalEvents;
import dev.drawbridge.policy.approval.ApprovalRequest;
import dev.drawbridge.policy.approval.DeskAnswer;
import dev.drawbridge.policy.approval.JitApprovals;
import dev.drawbridge.policy.approval.MemoryPolicyStore;
import dev.drawbridge.policy.approval.RunTimeGrants;
import dev.drawbridge.policy.approval.TemporaryGrant;
import dev.drawbridge.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an approval reaches: a temporary grant no broader than the review rules that held the
 * statement, and no request left pending when its agent went away before the store kept it.
 */
class ApprovalScopeTest {

  static final Identity ALICE =
      new Identity(
          "alice@example.com",
          "alice@example.com",
          Set.of(),
          "drawbridge",
          AuthMethod.JWT,
          null,
          Set.of("approver"));

  final MutableClock clock = new MutableClock(NOON);
  final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  final ExecutorService blocking = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory());
  final AuditSink sink = event -> AuditReceipt.WRITTEN;

  // orders: its status with approval; notes: every column with approval; orders.secret: nothing
  final GrantConfig triage =
      grant("triage")
          .allow(rule("read,session"))
          .review(columns(rule("write", "public.orders"), "status"), rule("write", "public.notes"))
          .config();
  final GrantAuthorizer authorizer = GrantAuthorizer.from(List.of(triage), clock);

  JitApprovals broker;

  @AfterEach
  void stop() {
    if (broker != null) {
      broker.close();
    }
    timer.shutdownNow();
    blocking.shutdownNow();
  }

  @Test
  void aTemporaryGrantKeepsEachTableToTheColumnsOfTheReviewRulesNamingIt() throws Exception {
    MemoryPolicyStore store = new MemoryPolicyStore();
    broker = broker(store, Runnable::run);
    Operation secret = update("public.orders", "secret");
    assertThat(authorizer.decide(secret)).isInstanceOf(Decision.Deny.class);

    Operation status = update("public.orders", "status");
    PendingApproval pending = broker.request(status, (Decision.Review) authorizer.decide(status));
    assertThat(broker.approve(pending.id(), ALICE, Duration.ofHours(1), "batch"))
        .isInstanceOf(DeskAnswer.Done.class);
    pending.verdict().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(authorizer.decide(status)).isInstanceOf(Decision.Allow.class);
    // the rule on public.notes, which names no columns, does not open every column of orders
    assertThat(authorizer.decide(secret)).isInstanceOf(Decision.Deny.class);
  }

  @Test
  void aRequestAbandonedBeforeTheStoreKeptItIsNotLeftPending() throws Exception {
    CountDownLatch addStarted = new CountDownLatch(1);
    CountDownLatch abandoned = new CountDownLatch(1);
    MemoryPolicyStore memory = new MemoryPolicyStore();
    // a store whose write of the request is slow (a database round trip)
    SlowStore store = new SlowStore(memory, addStarted, abandoned);
    broker = broker(store, blocking);
    Operation status = update("public.orders", "status");
    PendingApproval pending = broker.request(status, (Decision.Review) authorizer.decide(status));
    assertThat(addStarted.await(10, TimeUnit.SECONDS)).isTrue();
    pending.abandon("the agent disconnected");
    Thread.sleep(200); // the abandon has had every chance to run first
    abandoned.countDown();

    ApprovalVerdict verdict = pending.verdict().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(verdict).isInstanceOf(ApprovalVerdict.Abandoned.class);
    assertThat(memory.requests(false)).isEmpty();
    assertThat(memory.request(pending.id()))
        .get()
        .extracting(ApprovalRequest::status)
        .isEqualTo("abandoned");
    // so nobody can approve, for a while, a statement nobody waits on
    assertThat(broker.approve(pending.id(), ALICE, Duration.ofHours(1), "late"))
        .isInstanceOf(DeskAnswer.Conflict.class);
  }

  @Test
  void aRequestPastItsDeadlineIsNotApprovedEvenBeforeItsTimeoutRan() throws Exception {
    MemoryPolicyStore store = new MemoryPolicyStore();
    broker = broker(store, Runnable::run);
    Operation status = update("public.orders", "status");
    PendingApproval pending = broker.request(status, (Decision.Review) authorizer.decide(status));
    // the gateway holding it went away, or its timer lags: the store still says pending
    clock.advance(Duration.ofMinutes(6));
    assertThat(broker.approve(pending.id(), ALICE, Duration.ofHours(1), "late"))
        .isInstanceOfSatisfying(
            DeskAnswer.Conflict.class, c -> assertThat(c.detail()).contains("lapsed"));
    assertThat(authorizer.decide(status)).isInstanceOf(Decision.Review.class);
  }

  private JitApprovals broker(
      dev.drawbridge.policy.approval.PolicyStore store, java.util.concurrent.Executor executor) {
    RunTimeGrants grants = new RunTimeGrants(List.of(triage), authorizer, store, sink, clock);
    return new JitApprovals(
        new ApprovalsConfig(Duration.ofMinutes(5), Duration.ofHours(8)),
        store,
        grants,
        timer,
        executor,
        clock,
        ApprovalEvents.NONE);
  }

  private static Operation update(String qualified, String column) {
    return operation(SUPPORT_BOT, Action.WRITE, table(qualified, column));
  }

  /** A memory store whose {@code add} waits until told to go on. */
  private record SlowStore(MemoryPolicyStore memory, CountDownLatch addStarted, CountDownLatch goOn)
      implements dev.drawbridge.policy.approval.PolicyStore {

    @Override
    public void add(ApprovalRequest request) {
      addStarted.countDown();
      try {
        goOn.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      memory.add(request);
    }

    @Override
    public List<ApprovalRequest> requests(boolean all) {
      return memory.requests(all);
    }

    @Override
    public Optional<ApprovalRequest> request(String id) {
      return memory.request(id);
    }

    @Override
    public Optional<ApprovalRequest> settle(
        String id, ApprovalVerdict verdict, TemporaryGrant grant) {
      return memory.settle(id, verdict, grant);
    }

    @Override
    public boolean addGrant(TemporaryGrant grant) {
      return memory.addGrant(grant);
    }

    @Override
    public List<TemporaryGrant> grants(Instant now) {
      return memory.grants(now);
    }

    @Override
    public Optional<TemporaryGrant> revoke(String id, String actor, String reason, Instant now) {
      return memory.revoke(id, actor, reason, now);
    }

    @Override
    public void listen(Changes changes) {}

    @Override
    public void close() {}
  }
}
