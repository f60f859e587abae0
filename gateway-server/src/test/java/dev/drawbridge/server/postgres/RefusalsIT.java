package dev.drawbridge.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import dev.drawbridge.testing.TestPki;
import dev.drawbridge.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way the gateway turns an agent away, seen through pgjdbc: the SQLSTATE a client can act on
 * and a message that says why, without telling the agent what it may not know.
 */
@ExtendWith(TestPostgres.class)
class RefusalsIT {

  @TempDir static Path dir;
  static PgGateway gateway;

  @BeforeAll
  static void start(TestPostgres.Server pg) throws Exception {
    gateway = PgGateway.start(pg, dir, "bind: \"127.0.0.1:0\"\nallowPlaintext: true");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void aTokenThatIsNotOneIsAnInvalidPassword() {
    SQLException e = refused(() -> connect(gateway, "scram-db", "it-bot", "not-a-token-at-all"));

    assertThat(e.getSQLState()).isEqualTo("28P01");
    assertThat(e.getMessage())
        .contains("password authentication failed for user \"it-bot\"")
        .contains("Drawbridge token");
  }

  @Test
  void anExpiredTokenIsAnInvalidPasswordThatSaysItExpired() {
    String expired = gateway.expiredToken("it-bot");

    SQLException e = refused(() -> connect(gateway, "scram-db", "it-bot", expired));

    assertThat(e.getSQLState()).isEqualTo("28P01");
    assertThat(e.getMessage()).contains("expired");
  }

  @Test
  void anUnknownConnectionIsNamedWithoutListingTheOthers() {
    SQLException e = refused(() -> gateway.connect("nope-db", "it-bot"));

    assertThat(e.getSQLState()).isEqualTo("3D000");
    assertThat(e.getMessage())
        .contains("\"nope-db\"")
        .doesNotContain("scram-db", "md5-db", "cleartext-db", "down-db");
  }

  @Test
  void anAgentWithoutAGrantIsRefusedTheConnectionByName() {
    SQLException e = refused(() -> gateway.connect("scram-db", "other-bot"));

    assertThat(e.getSQLState()).isEqualTo("42501");
    assertThat(e.getMessage()).contains("scram-db").contains("other-bot");
  }

  @Test
  void aUserThatIsNeitherTheTokensAgentNorAgentIsRefused() {
    String token = gateway.token("it-bot");

    SQLException e = refused(() -> connect(gateway, "scram-db", "someone-else", token));

    assertThat(e.getSQLState()).isEqualTo("28000");
    assertThat(e.getMessage()).contains("someone-else").contains("it-bot");
  }

  @Test
  void startupOptionsThatCouldChangeTheRoleAreRefused() {
    Properties props = new Properties();
    props.setProperty("options", "-c role=postgres");

    SQLException e = refused(() -> gateway.connect("scram-db", "it-bot", props));

    assertThat(e.getSQLState()).isEqualTo("42501");
    assertThat(e.getMessage()).contains("options");
  }

  @Test
  void aTlsOnlyListenerRefusesPlaintextAndAcceptsTls(TestPostgres.Server pg) throws Exception {
    Path tlsDir = Files.createDirectories(dir.resolve("tls-only"));
    TestPki.KeyPair pair = TestPki.selfSigned(tlsDir, "gateway");
    String listener =
        """
        bind: "127.0.0.1:0"
        allowPlaintext: false
        tls: { cert: "%s", key: "%s" }
        """
            .formatted(pair.cert(), pair.key());
    try (PgGateway tls = PgGateway.start(pg, tlsDir, listener)) {
      String url = "jdbc:postgresql://127.0.0.1:" + tls.port() + "/scram-db";

      SQLException e =
          refused(() -> connect(url + "?sslmode=disable", "it-bot", tls.token("it-bot")));
      assertThat(e.getSQLState()).isEqualTo("28000");
      assertThat(e.getMessage()).contains("TLS").contains("sslmode=require");

      try (Connection c = connect(url + "?sslmode=require", "it-bot", tls.token("it-bot"));
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select current_user")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("app_scram");
      }
    }
  }

  @Test
  void anUnreachableUpstreamIsNamedByConnectionNeverByAddress() {
    SQLException e = refused(() -> gateway.connect("down-db", "it-bot"));

    assertThat(e.getSQLState()).isEqualTo("08006");
    assertThat(e.getMessage()).contains("down-db").doesNotContain("127.0.0.1").doesNotContain(":1");
  }

  @Test
  void anUpstreamKilledMidQueryFailsTheStatementAndNotTheGateway(TestPostgres.Server pg)
      throws Exception {
    String marker = "killed-" + UUID.randomUUID();
    String sleep = "select pg_sleep(30), '" + marker + "'";
    Properties props = new Properties();
    props.setProperty("socketTimeout", "120");
    try (Connection c = gateway.connect("scram-db", "it-bot", props)) {
      CompletableFuture<Void> running =
          CompletableFuture.runAsync(
              () -> {
                try (Statement s = c.createStatement()) {
                  s.execute(sleep);
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });

      terminateUpstreamOf(pg, marker);

      ExecutionException failed =
          catchThrowableOfType(ExecutionException.class, () -> running.get(60, TimeUnit.SECONDS));
      assertThat(failed).as("the statement on the killed upstream must fail").isNotNull();
      assertThat(failed.getCause()).hasCauseInstanceOf(SQLException.class);
      String state = ((SQLException) failed.getCause().getCause()).getSQLState();
      assertThat(state).matches("57...|08...");
    }

    try (Connection fresh = gateway.connect("scram-db", "it-bot");
        Statement s = fresh.createStatement();
        ResultSet rs = s.executeQuery("select 1")) {
      assertThat(rs.next()).isTrue();
    }
  }

  @Test
  void anUpstreamKilledMidQueryEndsTheAgentsSession(TestPostgres.Server pg) throws Exception {
    String marker = "killed-" + UUID.randomUUID();
    try (WireClient wire = WireClient.connect(gateway.port(), Duration.ofSeconds(30))) {
      wire.login("it-bot", "scram-db", gateway.token("it-bot"));
      byte[] sleep = ("select pg_sleep(30), '" + marker + "'\0").getBytes(StandardCharsets.UTF_8);
      wire.send(WireClient.message('Q', sleep));

      terminateUpstreamOf(pg, marker);

      WireClient.Message error = wire.read();
      while (error.type() == 'T') { // the statement's row description may come first
        error = wire.read();
      }
      assertThat(error.type()).isEqualTo('E');
      assertThat(error.fields()).containsEntry('S', "FATAL");
      assertThat(error.fields().get('C')).matches("57...|08...");
      assertThat(wire.closedByPeer())
          .as("one FATAL error, then the agent's socket closes with its upstream")
          .isTrue();
    }
  }

  /** Finds the upstream backend running the statement with {@code marker} and terminates it. */
  private static void terminateUpstreamOf(TestPostgres.Server pg, String marker) throws Exception {
    try (Connection admin = pg.connect();
        PreparedStatement kill = admin.prepareStatement("select pg_terminate_backend(?)")) {
      kill.setInt(1, awaitBackend(admin, marker));
      try (ResultSet rs = kill.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).as("the upstream backend was terminated").isTrue();
      }
    }
  }

  /** The pid of the upstream backend running the statement with {@code marker}. */
  private static int awaitBackend(Connection admin, String marker) throws Exception {
    String find =
        "select pid from pg_stat_activity"
            + " where query like 'select pg_sleep(30)%' and query like ? and usename = 'app_scram'";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (PreparedStatement ps = admin.prepareStatement(find)) {
      ps.setString(1, "%" + marker + "%");
      while (true) {
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return rs.getInt(1);
          }
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the statement never reached the upstream");
        }
        Thread.sleep(50);
      }
    }
  }

  private static Connection connect(PgGateway gateway, String connection, String user, String token)
      throws SQLException {
    return connect(gateway.jdbcUrl(connection), user, token);
  }

  private static Connection connect(String url, String user, String password) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    return DriverManager.getConnection(url, props);
  }

  /** The exception a connection attempt must end with; a connection that opens fails the test. */
  private static SQLException refused(ConnectionAttempt attempt) {
    SQLException e = catchThrowableOfType(SQLException.class, () -> attempt.open().close());
    if (e == null) {
      fail("the connection must be refused, but it opened");
    }
    return e;
  }

  @FunctionalInterface
  private interface ConnectionAttempt {
    Connection open() throws SQLException;
  }
}
