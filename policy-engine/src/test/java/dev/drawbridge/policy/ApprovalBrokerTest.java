package dev.drawbridge.policy;

import static dev.drawbridge.policy.Fixtures.NOON;
import static dev.drawbridge.policy.Fixtures.SUPPORT_BOT;
import static dev.drawbridge.policy.Fixtures.columns;
import static dev.drawbridge.policy.Fixtures.function;
import static dev.drawbridge.policy.Fixtures.grant;
import static dev.drawbridge.policy.Fixtures.operation;
import static dev.drawbridge.policy.Fixtures.rule;
import static dev.drawbridge.policy.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.ApprovalsConfig;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.ApprovalVerdict;
import dev.drawbridge.core.model.AuditEvent;
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
import dev.drawbridge.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The in-memory approval broker: who may decide, what each verdict does, temporary grants. */
class ApprovalBrokerTest {

  static final Identity ALICE = person("alice@example.com", "approver");
  static final Identity ROOT = person("root@example.com", "admin");
  static final Identity AUDITOR = person("carol@example.com", "auditor");

  final MutableClock clock = new MutableClock(NOON);
  final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  final List<AuditEvent> recorded = new CopyOnWriteArrayList<>();
  AuditReceipt receipt = AuditReceipt.WRITTEN;
  final AuditSink sink =
      event -> {
        if (receipt.mayProceed()) {
          recorded.add(event);
        }
        return receipt;
      };

  final GrantConfig triage =
      grant("triage")
          .allow(rule("read,session"))
          .review(
              columns(rule("write", "public.orders", "public.customers"), "status", "note"),
              rule("ddl"))
          .rowsPerStatement(50)
          .config();
  final GrantAuthorizer authorizer = GrantAuthorizer.from(List.of(triage), clock);
  final MemoryPolicyStore store = new MemoryPolicyStore();
  final RunTimeGrants grants =
      new RunTimeGrants(
          List.of(triage),
          authorizer,
          store,
          sink,
          clock,
          Set.of(Fixtures.ORDERS),
          Duration.ofHours(8));
  final JitApprovals broker =
      new JitApprovals(
          new ApprovalsConfig(Duration.ofMinutes(5), Duration.ofHours(8)),
          store,
          grants,
          timer,
          Runnable::run,
          clock,
          ApprovalEvents.NONE);

  @AfterEach
  void stopTimer() {
    broker.close();
    timer.shutdownNow();
  }

  @Test
  void aHeldOperationIsListedUntilApprovedOnce() throws Exception {
    Operation update = update("public.orders", "status");
    PendingApproval pending = hold(update);

    assertThat(broker.list(false))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.id()).isEqualTo(pending.id()).startsWith("ap-");
              assertThat(r.agent()).isEqualTo("support-bot");
              assertThat(r.resources()).containsExactly("public.orders");
              assertThat(r.status()).isEqualTo("pending");
              assertThat(r.deadline()).isEqualTo(NOON.plus(Duration.ofMinutes(5)));
              assertThat(r.statementSha256()).hasSize(64);
            });
    assertThat(broker.approve(pending.id(), ALICE, null, "fine"))
        .isInstanceOf(DeskAnswer.Done.class);

    assertThat(verdict(pending))
        .isEqualTo(ApprovalVerdict.Approved.once("alice@example.com", "fine"));
    assertThat(broker.list(false)).isEmpty();
    assertThat(broker.list(true)).singleElement().extracting(r -> r.status()).isEqualTo("approved");
    // once creates no grant: the same operation is still held
    assertThat(authorizer.decide(update)).isInstanceOf(Decision.Review.class);
    assertThat(recorded).isEmpty();
  }

  @Test
  void anApprovalForAWhileInstallsANarrowTemporaryGrantBeforeReleasing() throws Exception {
    Operation update = update("public.orders", "status");
    PendingApproval pending = hold(update);

    assertThat(broker.approve(pending.id(), ALICE, Duration.ofHours(1), "batch SEC-9"))
        .isInstanceOf(DeskAnswer.Done.class);

    ApprovalVerdict.Approved approved = (ApprovalVerdict.Approved) verdict(pending);
    assertThat(approved.grantId()).isEqualTo("jit-" + pending.id());
    assertThat(approved.until()).isEqualTo(NOON.plus(Duration.ofHours(1)));
    assertThat(authorizer.decide(update)).isEqualTo(new Decision.Allow("jit-" + pending.id()));
    assertThat(authorizer.rowLimit("jit-" + pending.id())).hasValue(50);
    // only the review rule's columns, only the tables it was given for
    assertThat(authorizer.decide(update("public.orders", "total")))
        .isInstanceOf(Decision.Deny.class);
    assertThat(authorizer.decide(update("public.customers", "status")))
        .isInstanceOf(Decision.Review.class);
    assertThat(recorded)
        .singleElement()
        .isInstanceOfSatisfying(
            AuditEvent.GrantCreated.class,
            created -> {
              assertThat(created.creator()).isEqualTo("alice@example.com");
              assertThat(created.approval()).isEqualTo(pending.id());
              assertThat(created.grant().allow().getFirst().columns())
                  .containsExactly("status", "note");
              assertThat(created.grant().reason()).isEqualTo("batch SEC-9");
            });

    // it lapses at its instant, and leaves the list
    clock.advance(Duration.ofHours(1));
    assertThat(authorizer.decide(update)).isInstanceOf(Decision.Review.class);
    assertThat(grants.temporary()).isEmpty();
  }

  @Test
  void anApprovalForAWhileNeedsAReasonAStatementWithTablesAndAtMostTheMaximum() {
    PendingApproval pending = hold(update("public.orders", "status"));
    assertThat(broker.approve(pending.id(), ALICE, Duration.ofHours(9), "too long"))
        .isInstanceOfSatisfying(
            DeskAnswer.Invalid.class, i -> assertThat(i.detail()).contains("approvals.maxGrant"));
    assertThat(broker.approve(pending.id(), ALICE, Duration.ofHours(1), " "))
        .isInstanceOfSatisfying(
            DeskAnswer.Invalid.class, i -> assertThat(i.detail()).contains("needs a reason"));

    PendingApproval noTables = hold(operation(SUPPORT_BOT, Action.DDL));
    assertThat(broker.approve(noTables.id(), ALICE, Duration.ofHours(1), "why"))
        .isInstanceOfSatisfying(
            DeskAnswer.Invalid.class, i -> assertThat(i.detail()).contains("approve it once"));
    PendingApproval onFunction = hold(operation(SUPPORT_BOT, Action.DDL, function("public.f")));
    assertThat(broker.approve(onFunction.id(), ALICE, Duration.ofHours(1), "why"))
        .isInstanceOfSatisfying(
            DeskAnswer.Invalid.class, i -> assertThat(i.detail()).contains("function public.f"));
    assertThat(broker.list(false)).hasSize(3); // nothing was decided by the refused calls
  }

  @Test
  void onlyAnApproverOtherThanTheAgentDecides() {
    PendingApproval pending = hold(update("public.orders", "status"));
    Identity itself =
        new Identity(
            SUPPORT_BOT.subject(),
            "someone",
            Set.of(),
            "drawbridge",
            AuthMethod.JWT,
            null,
            Set.of("approver"));
    Identity sameAgentName = person("support-bot", "approver");

    assertThat(broker.approve(pending.id(), itself, null, ""))
        .isInstanceOf(DeskAnswer.Forbidden.class);
    assertThat(broker.approve(pending.id(), sameAgentName, null, ""))
        .isInstanceOf(DeskAnswer.Forbidden.class);
    assertThat(broker.approve(pending.id(), AUDITOR, null, ""))
        .isInstanceOf(DeskAnswer.Forbidden.class);
    assertThat(broker.deny(pending.id(), AUDITOR, "no")).isInstanceOf(DeskAnswer.Forbidden.class);
    assertThat(broker.approve(pending.id(), ROOT, null, "admin holds every role"))
        .isInstanceOf(DeskAnswer.Done.class);
  }

  @Test
  void aDenialNeedsAReasonAndEndsTheRequest() throws Exception {
    PendingApproval pending = hold(update("public.orders", "status"));
    assertThat(broker.deny(pending.id(), ALICE, "")).isInstanceOf(DeskAnswer.Invalid.class);
    assertThat(broker.deny(pending.id(), ALICE, "not today")).isInstanceOf(DeskAnswer.Done.class);
    assertThat(verdict(pending))
        .isEqualTo(new ApprovalVerdict.Denied("alice@example.com", "not today"));
    assertThat(broker.approve(pending.id(), ALICE, null, ""))
        .isInstanceOfSatisfying(
            DeskAnswer.Conflict.class, c -> assertThat(c.detail()).contains("denied already"));
    assertThat(broker.deny("ap-nosuchthing", ALICE, "x")).isInstanceOf(DeskAnswer.NotFound.class);
  }

  @Test
  void aRequestTimesOutAfterItsRulesTimeoutAndCanBeAbandoned() throws Exception {
    PendingApproval timed =
        broker.request(
            update("public.orders", "status"),
            new Decision.Review("triage", "write needs approval", Duration.ofMillis(50)));
    assertThat(verdict(timed)).isEqualTo(new ApprovalVerdict.TimedOut(Duration.ofMillis(50)));

    PendingApproval abandoned = hold(update("public.orders", "status"));
    abandoned.abandon("cancelled by the agent");
    assertThat(verdict(abandoned))
        .isEqualTo(new ApprovalVerdict.Abandoned("cancelled by the agent"));
    assertThat(broker.approve(abandoned.id(), ALICE, null, ""))
        .isInstanceOf(DeskAnswer.Conflict.class);
  }

  @Test
  void aGrantTheJournalCannotRecordIsNotMadeAndTheRequestStillWaits() {
    PendingApproval pending = hold(update("public.orders", "status"));
    receipt = new AuditReceipt.Refused("the audit journal is full");

    assertThat(broker.approve(pending.id(), ALICE, Duration.ofHours(1), "batch"))
        .isInstanceOfSatisfying(
            DeskAnswer.Unavailable.class, u -> assertThat(u.detail()).contains("journal is full"));
    assertThat(grants.temporary()).isEmpty();
    assertThat(broker.list(false)).extracting(ApprovalRequest::id).containsExactly(pending.id());
  }

  @Test
  void onlyAnAdminRevokesAndOnlyRunTimeGrants() throws Exception {
    PendingApproval pending = hold(update("public.orders", "status"));
    broker.approve(pending.id(), ALICE, Duration.ofHours(1), "batch");
    String id = "jit-" + pending.id();

    assertThat(grants.revoke(id, ALICE, "done")).isInstanceOf(DeskAnswer.Forbidden.class);
    assertThat(grants.revoke("triage", ROOT, "done")).isInstanceOf(DeskAnswer.Conflict.class);
    assertThat(grants.revoke(id, ROOT, "")).isInstanceOf(DeskAnswer.Invalid.class);
    assertThat(grants.revoke(id, ROOT, "done")).isInstanceOf(DeskAnswer.Done.class);
    assertThat(authorizer.decide(update("public.orders", "status")))
        .isInstanceOf(Decision.Review.class);
    assertThat(recorded.getLast())
        .isEqualTo(
            new AuditEvent.GrantRevoked(
                recorded.getLast().id(), NOON, id, "root@example.com", "done"));
  }

  @Test
  void anAdminCreatesARunTimeGrantThatIsInForceAtOnceAndChecked() {
    GrantConfig asked =
        grant("").allow(rule("write", "public.orders")).owner("bob@example.com").config();
    Operation update = update("public.orders", "status");

    assertThat(grants.create(asked, Duration.ofHours(2), ALICE))
        .isInstanceOf(DeskAnswer.Forbidden.class);
    assertThat(grants.create(asked, Duration.ofHours(9), ROOT))
        .isInstanceOfSatisfying(
            DeskAnswer.Invalid.class, i -> assertThat(i.detail()).contains("approvals.maxGrant"));
    assertThat(grants.create(asked, Duration.ofHours(2), ROOT))
        .isInstanceOfSatisfying(
            DeskAnswer.Done.class,
            done -> {
              var made = (dev.drawbridge.policy.approval.TemporaryGrant) done.value();
              assertThat(made.id()).startsWith("dyn-");
              assertThat(made.expiresAt()).isEqualTo(NOON.plus(Duration.ofHours(2)));
              assertThat(authorizer.decide(update)).isEqualTo(new Decision.Allow(made.id()));
            });
    assertThat(recorded).singleElement().isInstanceOf(AuditEvent.GrantCreated.class);

    GrantConfig elsewhere = grant("x").on("nowhere-db").allow(rule("read")).config();
    assertThat(grants.create(elsewhere, Duration.ofHours(1), ROOT))
        .isInstanceOfSatisfying(
            DeskAnswer.Invalid.class, i -> assertThat(i.detail()).contains("nowhere-db"));
    GrantConfig reserved = grant("jit-mine").allow(rule("read")).config();
    assertThat(grants.create(reserved, Duration.ofHours(1), ROOT))
        .isInstanceOf(DeskAnswer.Invalid.class);
    GrantConfig badAction = grant("bad").allow(rule("fly", "public.orders")).config();
    assertThat(grants.create(badAction, Duration.ofHours(1), ROOT))
        .isInstanceOfSatisfying(
            DeskAnswer.Invalid.class, i -> assertThat(i.detail()).contains("fly"));
    GrantConfig same = grant("triage").allow(rule("read")).config();
    assertThat(grants.create(same, Duration.ofHours(1), ROOT))
        .isInstanceOf(DeskAnswer.Conflict.class);
    GrantConfig once = grant("once").allow(rule("read")).config();
    assertThat(grants.create(once, Duration.ofHours(1), ROOT)).isInstanceOf(DeskAnswer.Done.class);
    assertThat(grants.create(once, Duration.ofHours(1), ROOT))
        .isInstanceOf(DeskAnswer.Conflict.class);
  }

  @Test
  void aStoredGrantThatDoesNotCompileIsIgnoredAndTheOthersStillTakeEffect() throws Exception {
    GrantConfig broken = grant("broken").allow(rule("fly", "public.orders")).config();
    GrantConfig good = grant("good").allow(rule("write", "public.orders")).config();
    store.addGrant(
        new dev.drawbridge.policy.approval.TemporaryGrant(
            broken, NOON.plus(Duration.ofHours(1)), "someone", NOON, ""));
    store.addGrant(
        new dev.drawbridge.policy.approval.TemporaryGrant(
            good, NOON.plus(Duration.ofHours(1)), "someone", NOON, ""));

    grants.refresh();

    assertThat(grants.inForce()).extracting(g -> g.id()).containsExactly("good");
    assertThat(authorizer.decide(update("public.orders", "status")))
        .isEqualTo(new Decision.Allow("good"));
  }

  private PendingApproval hold(Operation operation) {
    Decision decision = authorizer.decide(operation);
    assertThat(decision).isInstanceOf(Decision.Review.class);
    return broker.request(operation, (Decision.Review) decision);
  }

  private static ApprovalVerdict verdict(PendingApproval pending) throws Exception {
    return pending.verdict().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static Operation update(String qualified, String column) {
    return operation(SUPPORT_BOT, Action.WRITE, table(qualified, column));
  }

  private static Identity person(String subject, String role) {
    return new Identity(
        subject, subject, Set.of(), "drawbridge", AuthMethod.JWT, null, Set.of(role));
  }
}
