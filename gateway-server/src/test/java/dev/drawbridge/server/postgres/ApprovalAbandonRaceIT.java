package dev.drawbridge.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.policy.approval.ApprovalRequest;
import dev.drawbridge.server.testing.GatewayYaml;
import dev.drawbridge.server.testing.TestGateway;
import dev.drawbridge.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A session that goes away at once after its statement was held leaves no request pending. */
@ExtendWith(TestPostgres.class)
class ApprovalAbandonRaceIT {

  static final String SECRET = "review-store-race-secret-review-store-race-0";
  static final String STORE = "review_approvals_it";

  @TempDir static Path dir;
  static TestGateway gateway;
  static TestPostgres.Server pg;

  @BeforeAll
  static void start(TestPostgres.Server server) throws Exception {
    pg = server;
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute("drop database if exists " + STORE + " with (force)");
      s.execute("create database " + STORE);
      s.execute(
          """
          drop table if exists public.review_race;
          create table public.review_race(id int primary key, note text);
          grant select, insert, update, delete on public.review_race to app_scram;
          """);
    }
    gateway =
        TestGateway.start(
            dir,
            GatewayYaml.named("review-race")
                .shop(pg)
                .store(pg, STORE)
                .grants(
                    """
                    - id: race
                      subject: { agent: race-bot }
                      connection: shop
                      allow: [ { actions: [read, session] } ]
                      review: [ { actions: [write], tables: ["public.review_race"] } ]
                      owner: alice@example.com
                      reason: race
                      expires: 2099-12-31
                    """),
            SECRET,
            pg);
  }

  @AfterAll
  static void stop() throws SQLException {
    if (gateway != null) {
      gateway.close();
    }
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute("drop table if exists public.review_race");
    }
  }

  @Test
  void aSessionClosedRightAfterItsStatementWasHeldLeavesNoPendingRequest() throws Exception {
    byte[] query = query("delete from public.review_race where id = 7");
    int port = gateway.postgresPort();
    String token = gateway.agentToken("race-bot");
    for (int i = 0; i < 20; i++) {
      try (WireClient c = WireClient.connect(port, Duration.ofSeconds(10))) {
        c.login("race-bot", "shop", token);
        c.send(query);
      }
    }
    // every session closed at once: each request must end abandoned, none left pending for an
    // approver (before the fix, most stayed pending until long after their deadline)
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<ApprovalRequest> all = gateway.gateway().approvals().list(true);
    List<ApprovalRequest> orphans = gateway.gateway().approvals().list(false);
    while ((all.size() < 20 || !orphans.isEmpty()) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      all = gateway.gateway().approvals().list(true);
      orphans = gateway.gateway().approvals().list(false);
    }
    assertThat(all).hasSizeGreaterThanOrEqualTo(20);
    assertThat(orphans).isEmpty();
  }

  static byte[] query(String sql) {
    byte[] text = sql.getBytes(StandardCharsets.UTF_8);
    return WireClient.message('Q', Arrays.copyOf(text, text.length + 1));
  }
}
