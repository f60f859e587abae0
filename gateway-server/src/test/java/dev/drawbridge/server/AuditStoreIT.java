package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.Environment;
import dev.drawbridge.core.identity.TokenMinter;
import dev.drawbridge.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit store end to end through the gateway. Secrets in statements never reach the journal or
 * the database. The audit database goes away for real (it stops taking connections and its sessions
 * are terminated) while agents work through the gateway: the journal carries on, everything arrives
 * once it is back; and a journal that fills up refuses operations until shipping frees it.
 */
@ExtendWith(TestPostgres.class)
class AuditStoreIT {

  private static final String SECRET = "outage-it-secret-outage-it-secret-0123456789";

  @TempDir Path dir;

  @Test
  void operationsGoOnWhileTheAuditDatabaseIsAwayAndArriveOnceWhenItReturns(TestPostgres.Server pg)
      throws Exception {
    String database = "audit_outage_it";
    AuditDatabases.recreate(pg, database);
    DrawbridgeConfig config = config(pg, database, "1GiB");
    try (Gateway gateway = Gateway.start(config, Clock.systemUTC());
        Connection agent = connect(gateway, config)) {
      run(agent, "select 'before the outage'");
      AuditDatabases.awaitStored(
          pg, database, List.of("select 'before the outage'"), Duration.ofSeconds(60));

      away(pg, database, true);
      try {
        for (int i = 0; i < 300; i++) {
          run(agent, "select 'during " + i + "'");
        }
        Thread.sleep(1_000); // the shipper retries meanwhile
      } finally {
        away(pg, database, false);
      }
      run(agent, "select 'after the outage'");

      List<String> expected = new java.util.ArrayList<>();
      expected.add("select 'before the outage'");
      for (int i = 0; i < 300; i++) {
        expected.add("select 'during " + i + "'");
      }
      expected.add("select 'after the outage'");
      Map<String, Integer> stored =
          AuditDatabases.awaitStored(pg, database, expected, Duration.ofSeconds(60));
      assertThat(stored.keySet()).containsAll(expected);
      assertThat(stored.values()).allMatch(count -> count == 1);
    }
  }

  @Test
  void aFullJournalRefusesOperationsUntilShippingFreesIt(TestPostgres.Server pg) throws Exception {
    String database = "audit_full_it";
    AuditDatabases.recreate(pg, database);
    DrawbridgeConfig config = config(pg, database, "128KiB");
    try (Gateway gateway = Gateway.start(config, Clock.systemUTC());
        Connection agent = connect(gateway, config)) {
      run(agent, "select 'shipped first'");
      AuditDatabases.awaitStored(
          pg, database, List.of("select 'shipped first'"), Duration.ofSeconds(60));
      away(pg, database, true);
      String refused = null;
      try {
        for (int i = 0; i < 2_000 && refused == null; i++) {
          try {
            run(agent, "select " + i + ", '" + "x".repeat(200) + "'");
          } catch (SQLException e) {
            refused = e.getMessage();
          }
        }
        assertThat(refused)
            .as("the journal never filled")
            .isNotNull()
            .contains("cannot record this statement in its audit journal")
            .contains("the audit journal is full");
        // a new session is not opened either
        assertThatThrownBy(() -> connect(gateway, config).close())
            .hasMessageContaining("cannot record this session in its audit journal");
      } finally {
        away(pg, database, false);
      }
      // once the database is back the shipper drains the journal and trims it
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      boolean recovered = false;
      while (!recovered && System.nanoTime() < deadline) {
        try {
          run(agent, "select 'recovered'");
          recovered = true;
        } catch (SQLException e) {
          Thread.sleep(200);
        }
      }
      assertThat(recovered).isTrue();
      AuditDatabases.awaitStored(
          pg, database, List.of("select 'recovered'"), Duration.ofSeconds(60));
    }
  }

  @Test
  void aSecretInAStatementReachesNeitherTheJournalNorTheDatabase(TestPostgres.Server pg)
      throws Exception {
    String database = "audit_secrets_it";
    AuditDatabases.recreate(pg, database);
    DrawbridgeConfig config = config(pg, database, "1GiB");
    try (Gateway gateway = Gateway.start(config, Clock.systemUTC());
        Connection agent = connect(gateway, config);
        Statement s = agent.createStatement()) {
      // both refused (custom settings and roles need admin), and recorded all the same
      assertThatThrownBy(() -> s.execute("set app.api_key = 'sk-live-refused-0123456789'"))
          .hasMessageContaining("admin");
      assertThatThrownBy(() -> s.execute("create role intruder password 'hunter2-refused-pw'"))
          .hasMessageContaining("admin");
      run(agent, "select 'marker after the secrets'");
      AuditDatabases.awaitStored(
          pg, database, List.of("select 'marker after the secrets'"), Duration.ofSeconds(60));
    }
    try (Connection c = AuditDatabases.connect(pg, database);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select record from audit.events where record like '%api_key%'"
                    + " or record like '%create role%'")) {
      List<String> records = new java.util.ArrayList<>();
      while (rs.next()) {
        records.add(rs.getString(1));
      }
      assertThat(records).hasSize(2).allMatch(r -> r.contains("'***'"));
    }
    String everything = journalText(dir.resolve(database + "-journal"));
    assertThat(everything).contains("api_key").contains("create role");
    try (Connection c = AuditDatabases.connect(pg, database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select string_agg(record, '') from audit.events")) {
      rs.next();
      everything += rs.getString(1);
    }
    assertThat(everything).doesNotContain("sk-live-refused", "hunter2-refused");
  }

  /** Every byte of every segment, as text: what someone reading the disk would find. */
  private static String journalText(Path journal) throws Exception {
    StringBuilder text = new StringBuilder();
    try (var files = Files.list(journal)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".journal")).toList()) {
        text.append(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return text.toString();
  }

  private static void run(Connection agent, String sql) throws SQLException {
    try (Statement s = agent.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
    }
  }

  /** Makes the audit database refuse connections (and ends the ones it has), or takes it back. */
  private static void away(TestPostgres.Server pg, String database, boolean away)
      throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute("alter database " + database + " with allow_connections " + !away);
      if (away) {
        s.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
                + database
                + "'");
      }
    }
  }

  private static Connection connect(Gateway gateway, DrawbridgeConfig config) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "worker");
    props.setProperty(
        "password",
        TokenMinter.forIssuer(config.identity().issuers().getFirst())
            .mint("worker", List.of(), Duration.ofMinutes(10)));
    int port = gateway.listenerAddresses().get("postgres").getPort();
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/shop?sslmode=disable", props);
  }

  private DrawbridgeConfig config(TestPostgres.Server pg, String database, String maxSize)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve(database + ".yaml"),
            """
            gateway: { name: outage-it, shutdownTimeout: 2s }
            audit: { journal: %s-journal, segmentSize: 64KiB, maxSize: %s }
            store:
              postgres: { url: "jdbc:postgresql://%s:%d/%s", username: %s, password: "${env:STORE_PASSWORD}" }
            listeners:
              postgres: { bind: "127.0.0.1:0", allowPlaintext: true }
            identity:
              issuers:
                - { issuer: drawbridge, hmacSecret: "${env:SECRET}", audience: drawbridge }
            connections:
              - name: shop
                type: postgres
                upstream: { host: %s, port: %d, database: %s, tls: disable }
                credential: { username: app_scram, password: app-scram-pw }
            grants:
              - id: worker-reads
                subject: { agent: worker }
                connection: shop
                allow: [ { actions: [read, session] } ]
                owner: it@example.com
                reason: outage test
                expires: 2099-12-31
            """
                .formatted(
                    database,
                    maxSize,
                    pg.host(),
                    pg.port(),
                    database,
                    pg.user(),
                    pg.host(),
                    pg.port(),
                    pg.database()));
    return ConfigLoader.load(
            file, Environment.of(Map.of("SECRET", SECRET, "STORE_PASSWORD", pg.password())))
        .config();
  }
}
