package dev.drawbridge.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyManager;

/** Cancel, COPY both ways, LISTEN/NOTIFY and large results through the gateway with pgjdbc. */
@ExtendWith(TestPostgres.class)
class PgjdbcSessionFeaturesIT {

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
  void statementCancelReachesTheUpstreamThroughTheGatewaysKey() throws Exception {
    try (Connection c = gateway.connect("scram-db", "it-bot");
        Statement s = c.createStatement()) {
      CompletableFuture<Void> cancelled =
          CompletableFuture.runAsync(
              () -> {
                try {
                  Thread.sleep(500);
                  s.cancel();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      assertThatThrownBy(() -> s.execute("select pg_sleep(30)"))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("57014");
      cancelled.get(10, TimeUnit.SECONDS);
      try (ResultSet rs = s.executeQuery("select 1")) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @Test
  void copyInAndOutWithCopyManager() throws Exception {
    try (Connection c = gateway.connect("scram-db", "it-bot");
        Statement s = c.createStatement()) {
      s.execute(
          "drop table if exists app_scram.t_copy; create table app_scram.t_copy(id int, v text)");
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      StringBuilder rows = new StringBuilder();
      for (int i = 0; i < 10_000; i++) {
        rows.append(i).append(",value ").append(i).append('\n');
      }
      long in =
          copy.copyIn(
              "copy app_scram.t_copy from stdin with (format csv)",
              new StringReader(rows.toString()));
      assertThat(in).isEqualTo(10_000);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long outRows =
          copy.copyOut(
              "copy (select * from app_scram.t_copy order by id) to stdout with (format csv)", out);
      assertThat(outRows).isEqualTo(10_000);
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(rows.toString());
    }
  }

  @Test
  void listenNotifyBetweenTwoGatewaySessions() throws Exception {
    try (Connection listener = gateway.connect("scram-db", "it-bot");
        Connection notifier = gateway.connect("md5-db", "it-bot");
        Statement listen = listener.createStatement();
        Statement notify = notifier.createStatement()) {
      listen.execute("listen drawbridge_it");
      notify.execute("notify drawbridge_it, 'hello through the gateway'");
      PGNotification[] received = new PGNotification[0];
      for (int i = 0; i < 50 && received.length == 0; i++) {
        PGNotification[] got = listener.unwrap(PGConnection.class).getNotifications(200);
        received = got == null ? received : got;
      }
      assertThat(received).hasSize(1);
      assertThat(received[0].getName()).isEqualTo("drawbridge_it");
      assertThat(received[0].getParameter()).isEqualTo("hello through the gateway");
    }
  }

  @Test
  void noticesAndParameterStatusChangesReachTheAgent() throws SQLException {
    try (Connection c = gateway.connect("scram-db", "it-bot");
        Statement s = c.createStatement()) {
      s.execute("do $$ begin raise notice 'note from upstream'; end $$");
      java.sql.SQLWarning warning = s.getWarnings();
      assertThat(warning == null ? "" : warning.getMessage()).contains("note from upstream");
      s.execute("set application_name = 'renamed-by-agent'");
      String applicationName =
          c.unwrap(org.postgresql.core.BaseConnection.class).getParameterStatus("application_name");
      assertThat(applicationName).isEqualTo("renamed-by-agent");
    }
  }

  @Test
  void largeObjectsUseTheFunctionCallMessage() throws SQLException {
    try (Connection c = gateway.connect("scram-db", "it-bot")) {
      c.setAutoCommit(false);
      org.postgresql.largeobject.LargeObjectManager objects =
          c.unwrap(PGConnection.class).getLargeObjectAPI();
      long oid = objects.createLO();
      byte[] payload = "through FunctionCall".getBytes(StandardCharsets.UTF_8);
      try (org.postgresql.largeobject.LargeObject object =
          objects.open(oid, org.postgresql.largeobject.LargeObjectManager.READWRITE)) {
        object.write(payload);
        object.seek(0);
        assertThat(object.read(payload.length)).isEqualTo(payload);
      }
      objects.delete(oid);
      c.commit();
    }
  }

  @Test
  void aLargeResultStreamsThroughWithAFetchSize() throws SQLException {
    try (Connection c = gateway.connect("scram-db", "it-bot")) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.setFetchSize(1000);
        long rows = 0;
        long sum = 0;
        try (ResultSet rs =
            s.executeQuery("select g, repeat('x', 100) from generate_series(1, 300000) g")) {
          while (rs.next()) {
            rows++;
            sum += rs.getLong(1);
          }
        }
        assertThat(rows).isEqualTo(300_000);
        assertThat(sum).isEqualTo(300_000L * 300_001L / 2);
      }
    }
  }
}
