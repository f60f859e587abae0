package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.Environment;
import dev.drawbridge.core.identity.TokenMinter;
import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.policy.approval.ApprovalRequest;
import dev.drawbridge.policy.approval.DeskAnswer;
import dev.drawbridge.policy.approval.RunTimeGrants;
import dev.drawbridge.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
  static DrawbridgeConfig configA;
  static Gateway replicaA;
  static Gateway replicaB;

  @BeforeAll
  static void start(TestPostgres.Server server) throws Exception {
    pg = server;
    AuditDatabases.recreate(pg, STORE);
    configA = config("a");
    replicaA = Gateway.start(configA, Clock.systemUTC());
    replicaB = Gateway.start(config("b"), Clock.systemUTC());
  }

  private static DrawbridgeConfig config(String name) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        gateway: { name: replica-%s, shutdownTimeout: 2s }
        audit: { journal: journal-%s }
        listeners:
          postgres: { bind: "127.0.0.1:0", allowPlaintext: true }
        identity:
          issuers:
            - { issuer: drawbridge, hmacSecret: "${env:SECRET}", audience: drawbridge }
        store:
          postgres:
            url: "jdbc:postgresql://%s:%d/%s"
            username: %s
            password: "${env:STORE_PASSWORD}"
        connections:
          - name: shop
            type: postgres
            upstream: { host: %s, port: %d, database: %s, tls: disable }
            credential: { username: app_scram, password: app-scram-pw }
        grants:
          - id: shop-triage
            subject: { agent: triage-bot }
            connection: shop
            allow: [ { actions: [read, session] } ]
            review: [ { actions: [write], tables: ["public.rp_orders"] } ]
            owner: alice@example.com
            reason: replicas
            expires: 2099-12-31
        """
            .formatted(
                name,
                name,
                pg.host(),
                pg.port(),
                STORE,
                pg.user(),
                pg.host(),
                pg.port(),
                pg.database()));
    return ConfigLoader.load(
            file, Environment.of(Map.of("SECRET", SECRET, "STORE_PASSWORD", pg.password())))
        .config();
  }

  @AfterAll
  static void stop() {
    if (replicaA != null) {
      replicaA.close();
    }
    if (replicaB != null) {
      replicaB.close();
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
    Properties props = new Properties();
    props.setProperty("user", "triage-bot");
    props.setProperty(
        "password",
        TokenMinter.forIssuer(configA.identity().issuers().getFirst())
            .mint("triage-bot", List.of(), Duration.ofHours(1)));
    props.setProperty("sslmode", "disable");
    int port = replica.listenerAddresses().get("postgres").getPort();
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/shop", props);
  }
}
