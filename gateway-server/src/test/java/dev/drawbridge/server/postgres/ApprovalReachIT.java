package dev.drawbridge.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.policy.approval.ApprovalRequest;
import dev.drawbridge.policy.approval.DeskAnswer;
import dev.drawbridge.server.Gateway;
import dev.drawbridge.server.testing.GatewayYaml;
import dev.drawbridge.server.testing.TestGateway;
import dev.drawbridge.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
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
 * An approval reaches what the approver saw and no further: a statement approved once runs once
 * (not again through its prepared statement, not once per row of a batch), and an approval for a
 * while opens no column its review rule did not name.
 */
@ExtendWith(TestPostgres.class)
class ApprovalReachIT {

  static final String SECRET = "review-attack-secret-review-attack-secret-01";
  static final Identity ALICE =
      new Identity(
          "alice", "alice", Set.of(), "drawbridge", AuthMethod.JWT, null, Set.of("approver"));
  static final Identity ROOT =
      new Identity("root", "root", Set.of(), "drawbridge", AuthMethod.JWT, null, Set.of("admin"));

  @TempDir static Path dir;
  static TestGateway running;
  static Gateway gateway;
  static TestPostgres.Server pg;

  @BeforeAll
  static void start(TestPostgres.Server server) throws Exception {
    pg = server;
    running =
        TestGateway.start(
            dir,
            GatewayYaml.named("review-it")
                .shop(pg)
                .section("approvals: { timeout: 5m, maxGrant: 8h }")
                .grants(
                    """
                    - id: rv
                      subject: { agent: rv-bot }
                      connection: shop
                      allow: [ { actions: [read, session] } ]
                      review:
                        - actions: [write]
                          tables: ["public.review_ap_orders"]
                          columns: [status, id]
                        - { actions: [write], tables: ["public.review_ap_notes"] }
                      owner: alice@example.com
                      reason: review
                      expires: 2099-12-31
                    """),
            SECRET,
            pg);
    gateway = running.gateway();
  }

  @AfterAll
  static void stop() throws SQLException {
    if (running != null) {
      running.close();
    }
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute("drop table if exists public.review_ap_orders, public.review_ap_notes");
    }
  }

  @BeforeEach
  void tables() throws SQLException {
    for (var g : gateway.grants().temporary()) {
      gateway.grants().revoke(g.id(), ROOT, "test reset");
    }
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute(
          """
          drop table if exists public.review_ap_orders, public.review_ap_notes;
          create table public.review_ap_orders(id int primary key, status text, secret text);
          create table public.review_ap_notes(id int primary key, note text);
          insert into public.review_ap_orders select g, 'new', 'keep' from generate_series(1,10) g;
          grant select, insert, update, delete on public.review_ap_orders,
            public.review_ap_notes to app_scram;
          """);
    }
  }

  @Test
  void aPreparedStatementApprovedOnceIsNotRunAgainWithOtherParameters() throws Exception {
    try (Connection agent = connect(1);
        PreparedStatement ps =
            agent.prepareStatement("update public.review_ap_orders set status = ? where id = ?")) {
      ps.setString(1, "approved");
      ps.setInt(2, 1);
      CompletableFuture<Integer> first = async(ps::executeUpdate);
      ApprovalRequest request = await();
      assertThat(request.statement()).contains("$1").contains("$2");
      assertThat(gateway.approvals().approve(request.id(), ALICE, null, "once"))
          .isInstanceOf(DeskAnswer.Done.class);
      assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1);

      // pgjdbc binds its named server-side statement again: no Parse, so no decision was asked
      ps.setString(1, "PWNED");
      ps.setInt(2, 2);
      assertThatThrownBy(ps::executeUpdate)
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> {
                assertThat(e.getSQLState()).isEqualTo("42501");
                assertThat(e.getMessage()).contains("approved to run once");
              });
      assertThat(count("status = 'PWNED'")).isZero();
    }
  }

  @Test
  void aBatchApprovedOnceRunsOneRowNotEvery() throws Exception {
    try (Connection agent = connect(5);
        PreparedStatement ps =
            agent.prepareStatement("update public.review_ap_orders set status = ? where id = ?")) {
      for (int i = 1; i <= 10; i++) {
        ps.setString(1, "BATCH");
        ps.setInt(2, i);
        ps.addBatch();
      }
      CompletableFuture<int[]> batch = async(ps::executeBatch);
      ApprovalRequest request = await();
      gateway.approvals().approve(request.id(), ALICE, null, "once");
      assertThatThrownBy(() -> batch.get(30, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(BatchUpdateException.class);
      assertThat(count("status = 'BATCH'")).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void anApprovalForAWhileOpensNoColumnTheReviewRuleDidNotName() throws Exception {
    try (Connection agent = connect(5)) {
      assertThatThrownBy(
              () -> execute(agent, "update public.review_ap_orders set secret = 'x' where id = 1"))
          .hasMessageContaining("needs write on public.review_ap_orders.secret");
      CompletableFuture<Integer> held =
          async(() -> execute(agent, "update public.review_ap_orders set status = 'y'"));
      ApprovalRequest request = await();
      assertThat(gateway.approvals().approve(request.id(), ALICE, Duration.ofHours(1), "batch"))
          .isInstanceOf(DeskAnswer.Done.class);
      assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(10);
      assertThat(execute(agent, "update public.review_ap_orders set status = 'z' where id = 1"))
          .isEqualTo(1);
      // a review rule on another table, naming no columns, does not open every column here
      assertThatThrownBy(
              () -> execute(agent, "update public.review_ap_orders set secret = 'PWNED'"))
          .hasMessageContaining("needs write on public.review_ap_orders.secret");
      assertThat(count("secret = 'PWNED'")).isZero();
    }
  }

  static ApprovalRequest await() throws InterruptedException {
    for (int i = 0; i < 3000; i++) {
      List<ApprovalRequest> list = gateway.approvals().list(false);
      if (!list.isEmpty()) {
        return list.getFirst();
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no request");
  }

  interface SqlCall<T> {
    T call() throws SQLException;
  }

  static <T> CompletableFuture<T> async(SqlCall<T> call) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return call.call();
          } catch (SQLException e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        });
  }

  static int execute(Connection agent, String sql) throws SQLException {
    try (Statement s = agent.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  static long count(String where) throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select count(*) from public.review_ap_orders where " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static int port() {
    return running.postgresPort();
  }

  static String token() {
    return running.agentToken("rv-bot");
  }

  static Connection connect(int prepareThreshold) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "rv-bot");
    props.setProperty("password", token());
    props.setProperty("sslmode", "disable");
    props.setProperty("prepareThreshold", Integer.toString(prepareThreshold));
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/shop", props);
  }
}
