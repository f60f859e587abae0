package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.Environment;
import dev.drawbridge.core.identity.TokenMinter;
import dev.drawbridge.testing.TestPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit promise under a crash: statements run through the packaged gateway under load, the
 * gateway is killed with SIGKILL, restarted on the same journal; every statement a client got an
 * answer for is in the audit database exactly once, and every chain verifies.
 */
@ExtendWith(TestPostgres.class)
class AuditCrashIT {

  private static final String SECRET = "crash-it-secret-crash-it-secret-0123456789";
  private static final Pattern LISTENING = Pattern.compile("postgres listener bound to");
  private static final String DATABASE = "audit_crash_it";
  private static final int CLIENTS = 4;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedStatementSurvivesAKillAndIsStoredOnce(TestPostgres.Server pg)
      throws Exception {
    AuditDatabases.recreate(pg, DATABASE);
    int port = freePort();
    Path config = config(pg, port);
    Map<String, String> env = Map.of("SECRET", SECRET, "STORE_PASSWORD", pg.password());
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    try (DrawbridgeProcess gateway =
        DrawbridgeProcess.start(env, "serve", "--config", config.toString())) {
      gateway.awaitLog(LISTENING, Duration.ofSeconds(60));
      AtomicBoolean running = new AtomicBoolean(true);
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        clients.add(
            Thread.ofPlatform()
                .start(() -> load(port, token(config), client, running, acknowledged)));
      }
      while (acknowledged.size() < 2_000) {
        Thread.sleep(20);
      }
      // SIGKILL while statements are in flight: no shutdown hook, no flush, no goodbye
      gateway.kill();
      gateway.waitFor(Duration.ofSeconds(30));
      running.set(false);
      for (Thread client : clients) {
        client.join();
      }
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(2_000);

    try (DrawbridgeProcess restarted =
        DrawbridgeProcess.start(env, "serve", "--config", config.toString())) {
      restarted.awaitLog(LISTENING, Duration.ofSeconds(60));
      Map<String, Integer> stored =
          AuditDatabases.awaitStored(pg, DATABASE, acknowledged, Duration.ofSeconds(90));
      assertThat(stored.keySet()).containsAll(acknowledged);
      assertThat(stored.values()).allMatch(count -> count == 1);
      restarted.terminate();
      restarted.waitFor(Duration.ofSeconds(30));
    }
    DrawbridgeProcess.Result verify =
        DrawbridgeProcess.run(env, "audit", "verify", "--config", config.toString());
    assertThat(verify.exit()).as(verify.stdout() + verify.stderr()).isZero();
  }

  private static void load(
      int port, String token, int client, AtomicBoolean running, Set<String> acknowledged) {
    Properties props = new Properties();
    props.setProperty("user", "loader");
    props.setProperty("password", token);
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/shop?sslmode=disable";
    try (Connection c = DriverManager.getConnection(url, props);
        Statement s = c.createStatement()) {
      for (long i = 0; running.get(); i++) {
        String sql = "select " + (client * 10_000_000L + i);
        try (ResultSet rs = s.executeQuery(sql)) {
          rs.next();
        }
        acknowledged.add(sql);
      }
    } catch (SQLException e) {
      // the gateway was killed: the statement in flight was never answered
    }
  }

  private String token(Path config) {
    try {
      DrawbridgeConfig loaded =
          ConfigLoader.load(
                  config, Environment.of(Map.of("SECRET", SECRET, "STORE_PASSWORD", "unused")))
              .config();
      return TokenMinter.forIssuer(loaded.identity().issuers().getFirst())
          .mint("loader", List.of(), Duration.ofMinutes(30));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Path config(TestPostgres.Server pg, int port) throws Exception {
    return Files.writeString(
        dir.resolve("drawbridge.yaml"),
        """
        gateway: { name: crash-it, shutdownTimeout: 2s }
        audit: { journal: journal, fsyncInterval: 50ms }
        store:
          postgres: { url: "jdbc:postgresql://%s:%d/%s", username: %s, password: "${env:STORE_PASSWORD}" }
        listeners:
          postgres: { bind: "127.0.0.1:%d", allowPlaintext: true }
        identity:
          issuers:
            - { issuer: drawbridge, hmacSecret: "${env:SECRET}", audience: drawbridge }
        connections:
          - name: shop
            type: postgres
            upstream: { host: %s, port: %d, database: %s, tls: disable }
            credential: { username: app_scram, password: app-scram-pw }
        grants:
          - id: loader-reads
            subject: { agent: loader }
            connection: shop
            allow: [ { actions: [read, session] } ]
            owner: it@example.com
            reason: crash test
            expires: 2099-12-31
        """
            .formatted(
                pg.host(),
                pg.port(),
                DATABASE,
                pg.user(),
                port,
                pg.host(),
                pg.port(),
                pg.database()));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
