package dev.drawbridge.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.testing.TestPostgres;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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

/** The listener's handshake and idle timeouts, with one-second limits. */
@ExtendWith(TestPostgres.class)
class TimeoutsIT {

  @TempDir static Path dir;
  static PgGateway gateway;

  @BeforeAll
  static void start(TestPostgres.Server pg) throws Exception {
    gateway =
        PgGateway.start(
            pg,
            dir,
            """
            bind: "127.0.0.1:0"
            allowPlaintext: true
            handshakeTimeout: 1s
            idleTimeout: 1s
            """);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void aClientThatNeverFinishesItsStartupIsToldAndDisconnected() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();
      DataInputStream data = new DataInputStream(in);
      assertThat(data.readByte()).isEqualTo((byte) 'E');
      byte[] body = new byte[data.readInt() - 4];
      data.readFully(body);
      String fields = new String(body, StandardCharsets.UTF_8);
      assertThat(fields).contains("FATAL").contains("08006").contains("handshakeTimeout");
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void anIdleSessionIsClosedWith57P05() throws Exception {
    try (Connection c = gateway.connect("scram-db", "it-bot");
        Statement s = c.createStatement()) {
      s.execute("select 1");
      Thread.sleep(2_500);
      assertThatThrownBy(() -> s.execute("select 1"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("idle")
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("57P05");
      assertThat(c.isValid(1)).isFalse();
    }
  }

  @Test
  void aLongStatementIsNotIdle() throws SQLException {
    try (Connection c = gateway.connect("scram-db", "it-bot");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select pg_sleep(2.5), 'still here'")) {
      rs.next();
      assertThat(rs.getString(2)).isEqualTo("still here");
    }
  }
}
