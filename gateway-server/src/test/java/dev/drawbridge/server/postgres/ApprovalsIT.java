package dev.drawbridge.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.policy.approval.ApprovalRequest;
import dev.drawbridge.policy.approval.DeskAnswer;
import dev.drawbridge.server.Gateway;
import dev.drawbridge.server.testing.GatewayYaml;
import dev.drawbridge.server.testing.TestGateway;
import dev.drawbridge.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Just-in-time approvals end to end: a statement a review rule holds waits in the agent's own
 * connection (pgjdbc, psql) until an approver decides it through the gateway's approval desk, times
 * out, or the agent cancels it; an approval for a while lets the next matching statement pass.
 */
@ExtendWith(TestPostgres.class)
class ApprovalsIT {

  static final String SECRET = "approvals-it-secret-approvals-it-secret-0123";
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Identity ALICE = approver("alice@example.com", Set.of("approver"));

  @TempDir static Path dir;
  static TestGateway shop;
  static Gateway gateway;
  static TestPostgres.Server pg;

  @BeforeAll
  static void start(TestPostgres.Server server) throws Exception {
    pg = server;
    shop =
        TestGateway.start(
            dir,
            GatewayYaml.named("approvals-it")
                .shop(pg)
                .section("approvals: { timeout: 5m, maxGrant: 8h }")
                .grants(
                    """
                    - id: shop-triage
                      subject: { agent: triage-bot }
                      connection: shop
                      allow: [ { actions: [read, session] } ]
                      review:
                        - { actions: [write], tables: ["public.ap_orders", "public.ap_refunds"] }
                        - { actions: [write], tables: ["public.ap_slow"], timeout: 1s }
                      owner: alice@example.com
                      reason: order triage, SEC-42
                      expires: 2099-12-31
                    """),
            SECRET,
            pg);
    gateway = shop.gateway();
  }

  @AfterAll
  static void stop() {
    if (shop != null) {
      shop.close();
    }
  }

  @BeforeEach
  void tables() throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute(
          """
          drop table if exists public.ap_orders, public.ap_refunds, public.ap_slow;
          create table public.ap_orders(id int primary key, status text);
          create table public.ap_refunds(id int primary key, amount int);
          create table public.ap_slow(id int primary key);
          insert into public.ap_orders values (1, 'new'), (2, 'new');
          insert into public.ap_refunds values (1, 10);
          grant select, insert, update, delete on public.ap_orders, public.ap_refunds,
            public.ap_slow to app_scram;
          """);
    }
  }

  @Test
  void anApprovalOnceLetsTheHeldStatementRunAndOnlyIt() throws Exception {
    try (Connection agent = connect()) {
      CompletableFuture<Integer> update =
          async(
              () -> execute(agent, "update public.ap_orders set status = 'shipped' where id = 1"));
      ApprovalRequest request = awaitRequest("public.ap_orders");
      assertThat(update).isNotDone();
      assertThat(status(1)).isEqualTo("new"); // nothing reached the upstream meanwhile
      assertThat(request.agent()).isEqualTo("triage-bot");
      assertThat(request.grantId()).isEqualTo("shop-triage");
      assertThat(request.statement()).contains("set status = 'shipped'");

      assertThat(gateway.approvals().approve(request.id(), ALICE, null, "looks right"))
          .isInstanceOf(DeskAnswer.Done.class);

      assertThat(update.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(status(1)).isEqualTo("shipped");

      // once means once: the same statement asks again
      CompletableFuture<Integer> again =
          async(
              () -> execute(agent, "update public.ap_orders set status = 'shipped' where id = 1"));
      ApprovalRequest second = awaitRequest("public.ap_orders");
      assertThat(second.id()).isNotEqualTo(request.id());
      gateway.approvals().deny(second.id(), ALICE, "already shipped");
      assertThatThrownBy(() -> again.get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .cause()
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> {
                assertThat(e.getSQLState()).isEqualTo("42501");
                assertThat(e.getMessage())
                    .contains(second.id())
                    .contains("denied by alice@example.com")
                    .contains("already shipped");
              });
      // the session goes on
      assertThat(query(agent, "select count(*) from public.ap_orders")).isEqualTo(2);
    }
  }

  @Test
  void theAgentIsToldWhichRequestItWaitsOn() throws Exception {
    try (Connection agent = connect();
        Statement statement = agent.createStatement()) {
      CompletableFuture<Integer> update =
          async(() -> statement.executeUpdate("delete from public.ap_refunds where id = 1"));
      ApprovalRequest request = awaitRequest("public.ap_refunds");
      gateway.approvals().approve(request.id(), ALICE, null, "");
      assertThat(update.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
      SQLWarning warning = statement.getWarnings();
      assertThat((Object) warning).isNotNull();
      assertThat(warning.getMessage())
          .contains("write on public.ap_refunds needs approval under grant 'shop-triage'")
          .contains("waiting for an approver (request " + request.id());
    }
  }

  @Test
  void anApprovalForAWhileLetsTheNextMatchingStatementsPassWithoutAsking() throws Exception {
    try (Connection agent = connect()) {
      CompletableFuture<Integer> update =
          async(() -> execute(agent, "update public.ap_orders set status = 'packed' where id = 1"));
      ApprovalRequest request = awaitRequest("public.ap_orders");
      DeskAnswer<ApprovalRequest> answer =
          gateway.approvals().approve(request.id(), ALICE, Duration.ofHours(1), "batch, SEC-43");
      assertThat(answer).isInstanceOf(DeskAnswer.Done.class);
      assertThat(update.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);

      // the next write on the same table passes at once, in the extended protocol too
      try (PreparedStatement next =
          agent.prepareStatement("update public.ap_orders set status = ? where id = ?")) {
        next.setString(1, "packed");
        next.setInt(2, 2);
        assertThat(next.executeUpdate()).isEqualTo(1);
      }
      assertThat(gateway.approvals().list(false)).isEmpty();
      assertThat(gateway.grants().temporary())
          .singleElement()
          .satisfies(
              grant -> {
                assertThat(grant.id()).isEqualTo("jit-" + request.id());
                assertThat(grant.creator()).isEqualTo("alice@example.com");
                assertThat(grant.grant().allow().getFirst().tables())
                    .containsExactly("public.ap_orders");
              });

      // but not beyond the resources it was given for: another table still asks
      CompletableFuture<Integer> refund =
          async(() -> execute(agent, "update public.ap_refunds set amount = 5 where id = 1"));
      ApprovalRequest other = awaitRequest("public.ap_refunds");
      gateway.approvals().deny(other.id(), ALICE, "no refunds today");
      assertThatThrownBy(() -> refund.get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .hasMessageContaining("no refunds today");

      // revoked, it stops at once
      Identity admin = approver("root@example.com", Set.of("admin"));
      assertThat(gateway.grants().revoke("jit-" + request.id(), admin, "batch done"))
          .isInstanceOf(DeskAnswer.Done.class);
      CompletableFuture<Integer> after =
          async(() -> execute(agent, "update public.ap_orders set status = 'x' where id = 2"));
      ApprovalRequest asked = awaitRequest("public.ap_orders");
      gateway.approvals().deny(asked.id(), ALICE, "revoked");
      assertThatThrownBy(() -> after.get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .hasMessageContaining("revoked");
    }
  }

  @Test
  void aHeldStatementInsideATransactionRunsInItWhenApproved() throws Exception {
    try (Connection agent = connect()) {
      agent.setAutoCommit(false);
      assertThat(query(agent, "select count(*) from public.ap_refunds")).isEqualTo(1);
      CompletableFuture<Integer> update =
          async(() -> execute(agent, "update public.ap_refunds set amount = 99 where id = 1"));
      ApprovalRequest request = awaitRequest("public.ap_refunds");
      gateway.approvals().approve(request.id(), ALICE, null, "in a transaction");
      assertThat(update.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(count("public.ap_refunds where amount = 99")).isZero(); // not committed yet
      agent.commit();
      assertThat(count("public.ap_refunds where amount = 99")).isEqualTo(1);
    }
  }

  @Test
  void nobodyDecidingInTimeRefusesTheStatementWithHowToAskAgain() throws Exception {
    try (Connection agent = connect()) {
      assertThatThrownBy(() -> execute(agent, "insert into public.ap_slow values (1)"))
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> {
                assertThat(e.getSQLState()).isEqualTo("42501");
                assertThat(e.getMessage())
                    .contains("timed out: no approver decided within 1s")
                    .contains("send the statement again to ask anew");
              });
      assertThat(count("public.ap_slow")).isZero();
      assertThat(gateway.approvals().list(true))
          .anySatisfy(r -> assertThat(r.status()).isEqualTo("timed-out"));
    }
  }

  @Test
  void aCancelRequestAbandonsTheWait() throws Exception {
    try (Connection agent = connect();
        Statement statement = agent.createStatement()) {
      CompletableFuture<Integer> update =
          async(() -> statement.executeUpdate("update public.ap_orders set status = 'c'"));
      ApprovalRequest request = awaitRequest("public.ap_orders");
      statement.cancel();
      assertThatThrownBy(() -> update.get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .cause()
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
      assertThat(gateway.approvals().find(request.id()).orElseThrow().status())
          .isEqualTo("abandoned");
      assertThat(gateway.approvals().approve(request.id(), ALICE, null, ""))
          .isInstanceOf(DeskAnswer.Conflict.class);
      assertThat(status(1)).isEqualTo("new");
      assertThat(query(agent, "select count(*) from public.ap_orders")).isEqualTo(2);
    }
  }

  @Test
  void anAgentCannotApproveItsOwnRequestAndAnApproverNeedsTheRole() throws Exception {
    try (Connection agent = connect()) {
      CompletableFuture<Integer> update =
          async(() -> execute(agent, "update public.ap_orders set status = 'self' where id = 1"));
      ApprovalRequest request = awaitRequest("public.ap_orders");
      Identity itself =
          new Identity(
              "triage-bot",
              "triage-bot",
              Set.of(),
              "drawbridge",
              AuthMethod.JWT,
              null,
              Set.of("approver"));
      assertThat(gateway.approvals().approve(request.id(), itself, null, "me"))
          .isInstanceOfSatisfying(
              DeskAnswer.Forbidden.class,
              f -> assertThat(f.detail()).contains("another approver decides it"));
      assertThat(
              gateway
                  .approvals()
                  .approve(request.id(), approver("bob@example.com", Set.of("auditor")), null, ""))
          .isInstanceOfSatisfying(
              DeskAnswer.Forbidden.class, f -> assertThat(f.detail()).contains("approver role"));
      assertThat(update).isNotDone();
      gateway.approvals().deny(request.id(), ALICE, "test over");
      assertThatThrownBy(() -> update.get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .hasMessageContaining("test over");
      assertThat(status(1)).isEqualTo("new");
    }
  }

  @Test
  void psqlWaitsAndShowsTheNoticeThenRunsWhenApproved() throws Exception {
    CompletableFuture<LibpqClient.Result> psql =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return LibpqClient.run(
                    shop.agentToken("triage-bot"),
                    List.of(
                        "psql",
                        "-X",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(shop.postgresPort()),
                        "-U",
                        "triage-bot",
                        "-d",
                        "shop",
                        "-c",
                        "update public.ap_orders set status = 'psql' where id = 2"));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    ApprovalRequest request = awaitRequest("public.ap_orders");
    gateway.approvals().approve(request.id(), ALICE, null, "ok");
    LibpqClient.Result result = psql.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(result.ok()).contains("UPDATE 1");
    assertThat(result.stderr())
        .contains("NOTICE:")
        .contains("waiting for an approver (request " + request.id())
        .contains("drawbridge approvals approve " + request.id());
    assertThat(status(2)).isEqualTo("psql");
  }

  @Test
  void theJournalRecordsTheRequestAndTheVerdictInTheSessionsChain() throws Exception {
    String id;
    try (Connection agent = connect()) {
      CompletableFuture<Integer> update =
          async(() -> execute(agent, "update public.ap_orders set status = 'j' where id = 1"));
      ApprovalRequest request = awaitRequest("public.ap_orders");
      id = request.id();
      gateway.approvals().approve(id, ALICE, null, "audited");
      update.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
    List<AuditRecord> records = JournalRecords.read(dir.resolve("journal-approvals-it"));
    AuditRecord requested =
        records.stream()
            .filter(r -> r.type().equals("approval.requested"))
            .filter(r -> r.json().contains(id))
            .findFirst()
            .orElseThrow();
    AuditRecord decided =
        records.stream()
            .filter(r -> r.type().equals("approval.decided"))
            .filter(r -> r.json().contains(id))
            .findFirst()
            .orElseThrow();
    assertThat(decided.chain()).isEqualTo(requested.chain());
    assertThat(decided.seq()).isGreaterThan(requested.seq());
    assertThat(decided.json()).contains("approved").contains("alice@example.com");
    assertThat(records.stream().filter(r -> r.chain().equals(requested.chain())))
        .anySatisfy(r -> assertThat(r.type()).isEqualTo("operation.result"));
  }

  private static ApprovalRequest awaitRequest(String resource) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (ApprovalRequest request : gateway.approvals().list(false)) {
        if (request.resources().contains(resource)) {
          return request;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no approval request for " + resource + " within " + WAIT);
  }

  private interface SqlCall<T> {
    T call() throws SQLException;
  }

  private static <T> CompletableFuture<T> async(SqlCall<T> call) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return call.call();
          } catch (SQLException e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        });
  }

  private static int execute(Connection agent, String sql) throws SQLException {
    try (Statement s = agent.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  private static long query(Connection agent, String sql) throws SQLException {
    try (Statement s = agent.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String status(int id) throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select status from public.ap_orders where id = " + id)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static long count(String table) throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Identity approver(String subject, Set<String> roles) {
    return new Identity(subject, subject, Set.of(), "drawbridge", AuthMethod.JWT, null, roles);
  }

  private static Connection connect() throws SQLException {
    return shop.connect("triage-bot");
  }
}
