package dev.drawbridge.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** pgjdbc, unchanged, through the gateway to a real PostgreSQL with gateway-held credentials. */
@ExtendWith(TestPostgres.class)
class PgjdbcThroughGatewayIT {

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

  @ParameterizedTest
  @ValueSource(strings = {"scram-db", "md5-db", "cleartext-db"})
  void logsInUpstreamWithTheGatewaysCredentialForEachAuthMethod(String connection)
      throws SQLException {
    try (Connection c = gateway.connect(connection, "it-bot");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select current_user, 40 + 2")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).startsWith("app_");
      assertThat(rs.getInt(2)).isEqualTo(42);
    }
  }

  @Test
  void userAgentIsAcceptedInPlaceOfTheAgentsName() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "agent");
    props.setProperty("password", gateway.token("it-bot"));
    try (Connection c = java.sql.DriverManager.getConnection(gateway.jdbcUrl("scram-db"), props);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select 1")) {
      assertThat(rs.next()).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "5"})
  void extendedProtocolWithEveryPrepareThreshold(String prepareThreshold) throws SQLException {
    Properties props = new Properties();
    props.setProperty("prepareThreshold", prepareThreshold);
    props.setProperty("binaryTransfer", "true");
    try (Connection c = gateway.connect("scram-db", "it-bot", props);
        PreparedStatement ps = c.prepareStatement("select ?::int * 2, ?::text, now()")) {
      for (int i = 0; i < 8; i++) {
        ps.setInt(1, i);
        ps.setString(2, "row " + i);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(i * 2);
          assertThat(rs.getString(2)).isEqualTo("row " + i);
          assertThat(rs.getTimestamp(3)).isNotNull();
        }
      }
    }
  }

  @Test
  void simpleProtocolMultiStatementBatchesAndTransactions() throws SQLException {
    Properties props = new Properties();
    props.setProperty("preferQueryMode", "simple");
    try (Connection c = gateway.connect("scram-db", "it-bot", props);
        Statement s = c.createStatement()) {
      s.execute(
          "drop table if exists app_scram.t_simple; create table app_scram.t_simple(id int, v text)");
      c.setAutoCommit(false);
      s.addBatch("insert into app_scram.t_simple values (1, 'a')");
      s.addBatch("insert into app_scram.t_simple values (2, 'b')");
      assertThat(s.executeBatch()).containsExactly(1, 1);
      c.rollback();
      s.execute("insert into app_scram.t_simple values (3, 'c')");
      c.commit();
      try (ResultSet rs = s.executeQuery("select count(*), max(id) from app_scram.t_simple")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
        assertThat(rs.getInt(2)).isEqualTo(3);
      }
    }
  }

  @Test
  void extendedBatchesArePipelined() throws SQLException {
    try (Connection c = gateway.connect("scram-db", "it-bot");
        Statement s = c.createStatement()) {
      s.execute("drop table if exists app_scram.t_batch; create table app_scram.t_batch(id int)");
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("insert into app_scram.t_batch values (?)")) {
        for (int i = 0; i < 500; i++) {
          ps.setInt(1, i);
          ps.addBatch();
        }
        assertThat(ps.executeBatch()).hasSize(500);
      }
      c.commit();
      try (ResultSet rs = s.executeQuery("select count(*) from app_scram.t_batch")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(500);
      }
    }
  }

  @Test
  void serverErrorsReachTheAgentAndTheSessionGoesOn() throws SQLException {
    try (Connection c = gateway.connect("scram-db", "it-bot");
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("select * from no_such_table"))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42P01");
      try (ResultSet rs = s.executeQuery("select 7")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(7);
      }
    }
  }
}
