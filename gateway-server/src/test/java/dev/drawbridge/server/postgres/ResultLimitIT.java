package dev.drawbridge.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway holds an upstream message whole before passing it on, so {@code maxMessageSize} also
 * bounds what one row can make it hold; a larger one ends that session and no other.
 */
@ExtendWith(TestPostgres.class)
class ResultLimitIT {

  @TempDir static Path dir;
  static PgGateway gateway;

  @BeforeAll
  static void start(TestPostgres.Server pg) throws Exception {
    gateway =
        PgGateway.start(
            pg, dir, "bind: \"127.0.0.1:0\"\nallowPlaintext: true\nmaxMessageSize: 1MiB");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void aRowLargerThanTheLimitEndsTheSessionWith54000() throws SQLException {
    try (Connection c = gateway.connect("scram-db", "it-bot");
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("select repeat('x', 512 * 1024)")) {
        rs.next();
        assertThat(rs.getString(1)).hasSize(512 * 1024);
      }
      assertThatThrownBy(() -> s.executeQuery("select repeat('x', 2 * 1024 * 1024)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("exceeds the gateway's limit")
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("54000");
    }
    try (Connection c = gateway.connect("scram-db", "it-bot");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select 1")) {
      assertThat(rs.next()).isTrue();
    }
  }
}
