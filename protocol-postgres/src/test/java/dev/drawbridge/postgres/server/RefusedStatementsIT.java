package dev.drawbridge.postgres.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.Environment;
import dev.drawbridge.core.identity.TokenAuthenticator;
import dev.drawbridge.core.identity.TokenMinter;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.ports.AuditReceipt;
import dev.drawbridge.core.runtime.EventLoops;
import dev.drawbridge.core.runtime.NettyListener;
import dev.drawbridge.core.runtime.Transport;
import dev.drawbridge.core.secrets.ConfiguredSecretResolver;
import dev.drawbridge.policy.GrantAuthorizer;
import dev.drawbridge.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A refused statement is answered in its place in the response stream, with PostgreSQL's own error
 * semantics: a refused statement in a transaction aborts it, a refused statement in a pipelined
 * batch rolls back the batch's implicit transaction, and the session goes on. The statement policy
 * here refuses any statement whose text contains {@code forbidden}; statement classification
 * replaces it later, and uses the same path.
 */
@ExtendWith(TestPostgres.class)
class RefusedStatementsIT {

  private static final String SECRET = "refusal-test-secret-refusal-test-secret-0123";

  /** The text of every operation the policy saw. */
  private static final List<String> DECIDED = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static final StatementPolicy REFUSE_FORBIDDEN =
      (operation, admission) ->
          DECIDED.add(operation.text()) && operation.text().contains("forbidden")
              ? new Decision.Deny(
                  "statement " + operation.sequence() + " is forbidden by the test policy",
                  "ask for the forbidden grant")
              : admission;

  @TempDir static Path dir;
  static EventLoops loops;
  static NettyListener listener;
  static TokenAuthenticator tokens;
  static DrawbridgeConfig config;

  @BeforeAll
  static void start(TestPostgres.Server pg) throws Exception {
    Path file = dir.resolve("drawbridge.yaml");
    Files.writeString(
        file,
        """
        listeners:
          postgres: { bind: "127.0.0.1:0", allowPlaintext: true }
        identity:
          issuers:
            - { issuer: drawbridge, hmacSecret: "${env:SECRET}", audience: drawbridge }
        connections:
          - name: db
            type: postgres
            upstream: { host: %s, port: %d, database: %s, tls: disable }
            credential: { username: app_scram, password: app-scram-pw }
        grants:
          - id: bot-db
            subject: { agent: bot }
            connection: db
            allow: [ { actions: [read, write, ddl], tables: ["*"] } ]
            owner: test@example.com
            reason: refusal tests
            expires: 2099-12-31
        """
            .formatted(pg.host(), pg.port(), pg.database()));
    config = ConfigLoader.load(file, Environment.of(Map.of("SECRET", SECRET))).config();
    loops = EventLoops.create("pg-test", Transport.best(), 2);
    tokens = TokenAuthenticator.create(config.identity(), Clock.systemUTC(), Runnable::run);
    listener =
        PostgresListener.create(
            config.listeners().postgres(),
            config.connections(),
            loops,
            new PostgresListener.Dependencies(
                tokens,
                GrantAuthorizer.from(config.grants(), Clock.systemUTC()),
                REFUSE_FORBIDDEN,
                new ConfiguredSecretResolver(config.connections()),
                event -> AuditReceipt.WRITTEN,
                new SimpleMeterRegistry(),
                Clock.systemUTC(),
                Map.of()));
    listener.start().toCompletableFuture().join();
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute("create schema if not exists app_scram authorization app_scram");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (listener != null) {
      listener.close();
    }
    if (tokens != null) {
      tokens.close();
    }
    if (loops != null) {
      loops.close();
    }
  }

  @BeforeEach
  void emptyTable() throws SQLException {
    try (Connection c = connect(new Properties());
        Statement s = c.createStatement()) {
      s.execute("drop table if exists app_scram.refusals; create table app_scram.refusals(id int)");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "extended"})
  void aRefusedStatementGetsTheReasonAndTheSessionGoesOn(String mode) throws SQLException {
    Properties props = new Properties();
    props.setProperty("preferQueryMode", mode);
    try (Connection c = connect(props);
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("select 'forbidden'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("is forbidden by the test policy")
          .hasMessageContaining("ask for the forbidden grant")
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42501");
      try (ResultSet rs = s.executeQuery("select 41 + 1")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
    }
  }

  @Test
  void secretsInAStatementNeverReachItsOperation() throws SQLException {
    try (Connection c = connect(new Properties());
        Statement s = c.createStatement()) {
      assertThatThrownBy(
              () ->
                  s.executeQuery("select 'forbidden', set_config('app.secret', 'hunter2', false)"))
          .isInstanceOf(SQLException.class);
    }
    assertThat(DECIDED)
        .contains("select 'forbidden', set_config('app.secret', '***', false)")
        .noneMatch(text -> text.contains("hunter2"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "extended"})
  void aRefusedStatementAbortsTheTransactionItIsIn(String mode) throws SQLException {
    Properties props = new Properties();
    props.setProperty("preferQueryMode", mode);
    try (Connection c = connect(props);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("insert into app_scram.refusals values (1)");
      assertThatThrownBy(() -> s.execute("insert into app_scram.refusals values (2) -- forbidden"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42501");
      assertThatThrownBy(() -> s.execute("select 1"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("25P02");
      c.rollback();
      c.setAutoCommit(true);
      assertThat(count(s)).isZero();
    }
  }

  @Test
  void aRefusedStatementInAPipelinedBatchRollsBackTheBatchAndIsReportedInItsPlace()
      throws SQLException {
    try (Connection c = connect(new Properties());
        Statement s = c.createStatement()) {
      s.addBatch("insert into app_scram.refusals values (1)");
      s.addBatch("insert into app_scram.refusals values (2) -- forbidden");
      s.addBatch("insert into app_scram.refusals values (3)");
      assertThatThrownBy(s::executeBatch)
          .isInstanceOf(BatchUpdateException.class)
          .satisfies(
              e -> {
                BatchUpdateException batch = (BatchUpdateException) e;
                // the batch's implicit transaction was rolled back: nothing of it counts as done
                assertThat(batch.getUpdateCounts()).containsOnly(Statement.EXECUTE_FAILED);
                assertThat(batch.getNextException().getSQLState()).isEqualTo("42501");
                assertThat(batch.getNextException().getMessage())
                    .contains("forbidden by the test policy");
              });
      assertThat(count(s)).isZero();
      s.execute("insert into app_scram.refusals values (4)");
      assertThat(count(s)).isEqualTo(1);
    }
  }

  @Test
  void theUpstreamNeverRunsARefusedStatement() throws SQLException {
    try (Connection c = connect(new Properties());
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("insert into app_scram.refusals values (9) -- forbidden"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42501");
      assertThat(count(s)).isZero();
    }
  }

  private static int count(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("select count(*) from app_scram.refusals")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Connection connect(Properties extra) throws SQLException {
    Properties props = new Properties();
    props.putAll(extra);
    props.setProperty("user", "bot");
    props.setProperty(
        "password",
        TokenMinter.forIssuer(config.identity().issuers().getFirst())
            .mint("bot", List.of(), Duration.ofMinutes(5)));
    props.setProperty("sslmode", "disable");
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + listener.boundAddress().getPort() + "/db", props);
  }
}
