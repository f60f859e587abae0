package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.policy.approval.ApprovalRequest;
import dev.drawbridge.policy.approval.DeskAnswer;
import dev.drawbridge.policy.approval.RunTimeGrants;
import dev.drawbridge.server.testing.GatewayYaml;
import dev.drawbridge.server.testing.TestGateway;
import dev.drawbridge.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway replicas on one store database (schema {@code policy}): a statement held on replica A
 * is released by a decision made on replica B, and a temporary grant made on B is in force on A.
 */
@ExtendWith(TestPostgres.class)
class ApprovalReplicasIT {

  static final String SECRET = "replicas-it-secret-replicas-it-secret-012345";
  static final String STORE = "policy_replicas_it";
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Identity ALICE =
      new Identity(
          "alice@example.com",
          "alice@example.com",
          Set.of(),
          "drawbridge",
          AuthMethod.JWT,
          null,
          Set.of("approver"));

  @TempDir static Path dir;
  static TestPostgres.Server pg;
  static TestGateway a;
  static TestGateway b;
  static Gateway replicaA;
  static Gateway replicaB;

  @BeforeAll
  static void start(TestPostgres.Server server) throws Exception {
    pg = server;
    AuditDatabases.recreate(pg, STORE);
    a = replica("a");
    b = replica("b");
    replicaA = a.gateway();
    replicaB = b.gateway();
  }

  private static TestGateway replica(String name) throws Exception {
    return TestGateway.start(
        dir,
        GatewayYaml.named("replica-" + name)
            .shop(pg)
            .store(pg, STORE)
            .grants(
                """
                - id: shop-triage
                  subject: { agent: triage-bot }
                  connection: shop
                  allow: [ { actions: [read, session] } ]
                  review: [ { actions: [write], tables: ["public.rp_orders"] } ]
                  owner: alice@example.com
                  reason: replicas
                  expires: 2099-12-31
                """),
        SECRET,
        pg);
  }

  @AfterAll
  static void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  @BeforeEach
  void table() throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute(
          """
          drop table if exists public.rp_orders;
          create table public.rp_orders(id int primary key, status text);
          insert into public.rp_orders values (1, 'new'), (2, 'new');
          grant select, update on public.rp_orders to app_scram;
          """);
    }
  }

  @Test
  void aStatementHeldOnOneReplicaIsReleasedByAnApprovalOnTheOther() throws Exception {
    try (Connection agent = connect(replicaA)) {
      CompletableFuture<Integer> update =
          async(agent, "update public.rp_orders set status = 'shipped' where id = 1");
      ApprovalRequest request = awaitRequest(replicaB);
      assertThat(request.agent()).isEqualTo("triage-bot");

      assertThat(replicaB.approvals().approve(request.id(), ALICE, null, "from B"))
          .isInstanceOf(DeskAnswer.Done.class);

      assertThat(update.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(status(1)).isEqualTo("shipped");
      // both replicas see the verdict
      assertThat(replicaA.approvals().find(request.id()).orElseThrow().status())
          .isEqualTo("approved");
      assertThat(replicaA.approvals().approve(request.id(), ALICE, null, "again"))
          .isInstanceOf(DeskAnswer.Conflict.class);
    }
  }

  @Test
  void aDenialOnTheOtherReplicaRefusesWithTheReason() throws Exception {
    try (Connection agent = connect(replicaA)) {
      CompletableFuture<Integer> update =
          async(agent, "update public.rp_orders set status = 'x' where id = 2");
      ApprovalRequest request = awaitRequest(replicaB);
      assertThat(replicaB.approvals().deny(request.id(), ALICE, "not from the other side"))
          .isInstanceOf(DeskAnswer.Done.class);
      assertThatThrownBy(() -> update.get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .hasMessageContaining("not from the other side")
          .hasMessageContaining(request.id());
      assertThat(status(2)).isEqualTo("new");
    }
  }

  @Test
  void aTemporaryGrantMadeOnOneReplicaIsInForceOnTheOther() throws Exception {
    try (Connection agent = connect(replicaA)) {
      CompletableFuture<Integer> update =
          async(agent, "update public.rp_orders set status = 'a' where id = 1");
      ApprovalRequest request = awaitRequest(replicaB);
      assertThat(replicaB.approvals().approve(request.id(), ALICE, Duration.ofHours(1), "batch"))
          .isInstanceOf(DeskAnswer.Done.class);
      assertThat(update.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);

      // A learned of the grant from B's notice (grant and verdict commit together, grant first)
      assertThat(inForce(replicaA)).contains("jit-" + request.id());
      assertThat(
              async(agent, "update public.rp_orders set status = 'b' where id = 2")
                  .get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .isEqualTo(1);
      // revoked on A, it ends on B too: a session there is held again
      Identity root =
          new Identity(
              "root@example.com",
              "root@example.com",
              Set.of(),
              "drawbridge",
              AuthMethod.JWT,
              null,
              Set.of("admin"));
      assertThat(replicaA.grants().revoke("jit-" + request.id(), root, "done"))
          .isInstanceOf(DeskAnswer.Done.class);
      awaitNotInForce(replicaB, "jit-" + request.id());
      try (Connection onB = connect(replicaB)) {
        CompletableFuture<Integer> held =
            async(onB, "update public.rp_orders set status = 'c' where id = 2");
        ApprovalRequest again = awaitRequest(replicaA);
        replicaA.approvals().deny(again.id(), ALICE, "revoked");
        assertThatThrownBy(() -> held.get(WAIT.toSeconds(), TimeUnit.SECONDS))
            .hasMessageContaining("revoked");
      }
    }
  }

  /** The run-time grants a replica decides with now, without making it read the store. */
  private static List<String> inForce(Gateway replica) {
    return ((RunTimeGrants) replica.grants()).inForce().stream().map(g -> g.id()).toList();
  }

  /** Waits for a replica to hear of a revocation made on the other (it polls nothing itself). */
  private static void awaitNotInForce(Gateway replica, String id) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!inForce(replica).contains(id)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("grant " + id + " still in force after " + WAIT);
  }

  private static ApprovalRequest awaitRequest(Gateway replica) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<ApprovalRequest> pending = replica.approvals().list(false);
      if (!pending.isEmpty()) {
        return pending.getFirst();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no approval request within " + WAIT);
  }

  private static CompletableFuture<Integer> async(Connection agent, String sql) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Statement s = agent.createStatement()) {
            return s.executeUpdate(sql);
          } catch (SQLException e) {
            throw new CompletionException(e);
          }
        });
  }

  private static String status(int id) throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select status from public.rp_orders where id = " + id)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static Connection connect(Gateway replica) throws SQLException {
    return (replica == replicaA ? a : b).connect("triage-bot");
  }
}
