package dev.drawbridge.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.Environment;
import dev.drawbridge.core.identity.TokenMinter;
import dev.drawbridge.server.Gateway;
import dev.drawbridge.testing.MutableClock;
import dev.drawbridge.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statement-level grants end to end: pgjdbc through the gateway to a real PostgreSQL, every
 * statement classified by PostgreSQL's own parser and decided against narrow grants.
 */
@ExtendWith(TestPostgres.class)
class StatementGrantsIT {

  static final String SECRET = "grants-it-secret-grants-it-secret-0123456789";
  static final MutableClock CLOCK = new MutableClock(Instant.now());

  @TempDir static Path dir;
  static Gateway gateway;
  static DrawbridgeConfig config;

  @BeforeAll
  static void start(TestPostgres.Server pg) throws Exception {
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute(
          """
          drop table if exists public.gr_orders, public.gr_customers, public.gr_secrets;
          create table public.gr_orders(id int primary key, status text);
          create table public.gr_customers(id int primary key, name text, email text);
          create table public.gr_secrets(id int, token text);
          insert into public.gr_orders values (1, 'open'), (2, 'shipped');
          insert into public.gr_customers values (1, 'Ada', 'ada@example.com');
          grant all on public.gr_orders, public.gr_customers, public.gr_secrets to app_scram;
          create schema if not exists app_scram authorization app_scram;
          """);
    }
    Path file = dir.resolve("drawbridge.yaml");
    Files.writeString(
        file,
        """
        gateway: { name: grants-it }
        audit: { journal: journal }
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
          - name: shop-strict
            type: postgres
            catalogReads: false
            masking: [ { columns: ["public.gr_orders.status"], strategy: redact } ]
            upstream: { host: %s, port: %d, database: %s, tls: disable }
            credential: { username: app_scram, password: app-scram-pw }
        grants:
          - id: reader-strict
            subject: { agent: reader }
            connection: shop-strict
            allow: [ { actions: [read], tables: ["public.gr_orders"] } ]
            owner: alice@example.com
            reason: integration tests
            expires: %s
          - id: sampler-orders
            subject: { agent: sampler }
            connection: shop
            allow: [ { actions: [read, session], tables: ["public.gr_*"] } ]
            limits: { rowsPerStatement: 2 }
            owner: alice@example.com
            reason: integration tests
            expires: %s
          - id: reader-orders
            subject: { agent: reader }
            connection: shop
            allow:
              - { actions: [read], tables: ["public.gr_orders"] }
              - { actions: [read], tables: ["public.gr_customers"], columns: [id, name] }
              - { actions: [session] }
            review:
              - { actions: [write], tables: ["public.gr_orders"], timeout: 1s }
            deny:
              - { actions: [read], tables: ["public.gr_secrets"] }
            owner: alice@example.com
            reason: integration tests
            expires: %s
        """
            .formatted(
                pg.host(),
                pg.port(),
                pg.database(),
                pg.host(),
                pg.port(),
                pg.database(),
                CLOCK.instant().atZone(ZoneOffset.UTC).toLocalDate(),
                CLOCK.instant().atZone(ZoneOffset.UTC).toLocalDate(),
                CLOCK.instant().atZone(ZoneOffset.UTC).toLocalDate()));
    config = ConfigLoader.load(file, Environment.of(Map.of("SECRET", SECRET)), CLOCK).config();
    gateway = Gateway.start(config, CLOCK);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void anAllowedReadRuns() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select id, status from public.gr_orders order by id")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(2)).isEqualTo("open");
    }
  }

  @Test
  void aWriteWithoutAGrantIsRefusedNamingTheMissingPermission() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      assertRefused(
          () -> s.execute("delete from public.gr_customers where id = 1"),
          "needs write on public.gr_customers");
      // held for approval; nobody approves within the rule's timeout
      assertRefused(
          () -> s.execute("update public.gr_orders set status = 'x' where id = 1"),
          "timed out: no approver decided within 1s (write on public.gr_orders.status needs approval"
              + " under grant 'reader-orders')");
      try (ResultSet rs = s.executeQuery("select count(*) from public.gr_orders")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
    }
  }

  @Test
  void columnRulesCoverOnlyTheirColumns() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("select id, name from public.gr_customers")) {
        rs.next();
        assertThat(rs.getString(2)).isEqualTo("Ada");
      }
      assertRefused(() -> s.executeQuery("select email from public.gr_customers"), "email");
      assertRefused(() -> s.executeQuery("select * from public.gr_customers"), "every column");
    }
  }

  @Test
  void aStatementTheParserCannotReadIsRefusedWithTheParsersWords() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      assertRefused(
          () -> s.execute("selec id from public.gr_orders"),
          "the gateway cannot read this statement (syntax error at or near \"selec\")");
    }
  }

  @Test
  void theParsersWordsReachTheAgentButNotTheAuditRecord() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      // the syntax error quotes the literal it stopped at
      assertRefused(() -> s.execute("select 1 'hunter2-not-for-the-audit'"), "hunter2");
    }
    List<AuditRecord> records = JournalRecords.read(dir.resolve("journal"));
    AuditRecord refused =
        records.stream()
            .filter(r -> r.tree().path("text").asText().contains("hunter2-not-for-the-audit"))
            .findFirst()
            .orElseThrow();
    assertThat(refused.tree().path("action").asText()).isEqualTo("unknown");
    assertThat(refused.tree().path("decision").asText()).isEqualTo("deny");
    // the record keeps the statement as sent, not the parser's words about it
    assertThat(refused.tree().path("reason").asText()).doesNotContain("hunter2", "syntax");
  }

  @Test
  void anExplicitDenyWins() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      assertRefused(() -> s.executeQuery("select * from public.gr_secrets"), "denies");
    }
  }

  @Test
  void smugglingAWriteOrAnAdminCallPastTheClassifierIsRefused() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String smuggled :
          List.of(
              "with d as (delete from public.gr_orders returning *) select * from d",
              "select 1; delete from public.gr_orders",
              "select pg_read_file('/etc/passwd')",
              "select set_config('search_path', 'app_scram', false)",
              "explain analyze delete from public.gr_orders",
              "select * from public.gr_orders for update",
              "copy public.gr_orders to program 'cat'",
              "do $$ begin delete from public.gr_orders; end $$",
              "create table public.gr_copy as select * from public.gr_orders")) {
        assertRefused(() -> s.execute(smuggled), "");
      }
      try (ResultSet rs = s.executeQuery("select count(*) from public.gr_orders")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
    }
  }

  @Test
  void unqualifiedNamesFollowTheSearchPathAndAreRefusedWhereItCannotBeKnown() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      // app_scram's path is "$user", public and schema app_scram exists: the name is ambiguous
      assertRefused(() -> s.executeQuery("select * from gr_orders"), "app_scram.gr_orders");
      s.execute("set search_path to public");
      try (ResultSet rs = s.executeQuery("select count(*) from gr_orders")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
      c.setAutoCommit(false);
      s.execute("set search_path to app_scram");
      c.commit();
      c.setAutoCommit(true);
      assertRefused(() -> s.executeQuery("select * from gr_orders"), "qualify the name");
    }
  }

  @Test
  void statementsAreRefusedOnceTheGrantLapsesDuringTheSession() throws SQLException {
    Instant before = CLOCK.instant();
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.executeQuery("select 1 from public.gr_orders").close();
      CLOCK.advance(Duration.ofDays(1));
      assertRefused(() -> s.executeQuery("select 1 from public.gr_orders"), "expired");
    } finally {
      CLOCK.set(before);
    }
  }

  @Test
  void psqlDescribesTablesThroughCatalogReads() throws Exception {
    String conninfo =
        "host=127.0.0.1 port=%d dbname=shop user=reader sslmode=disable"
            .formatted(gateway.listenerAddresses().get("postgres").getPort());
    String token =
        TokenMinter.forIssuer(config.identity().issuers().getFirst(), CLOCK)
            .mint("reader", List.of(), Duration.ofMinutes(5));
    String described =
        LibpqClient.run(
                token,
                List.of(
                    "psql", "-X", "-v", "ON_ERROR_STOP=1", conninfo, "-c", "\\d public.gr_orders"))
            .ok();
    assertThat(described).contains("gr_orders").contains("status");
    LibpqClient.Result refused =
        LibpqClient.run(
            token,
            List.of(
                "psql",
                "-X",
                "-v",
                "ON_ERROR_STOP=1",
                conninfo,
                "-c",
                "delete from public.gr_customers"));
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("needs write on public.gr_customers");
  }

  @Test
  void catalogReadsNeedAGrantWhereTheConnectionSaysSo() throws SQLException {
    String catalog = "select count(*) from pg_catalog.pg_class";
    try (Connection c = connect("shop");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(catalog)) {
      assertThat(rs.next()).isTrue();
    }
    try (Connection c = connect("shop");
        Statement s = c.createStatement()) {
      // column statistics hold table data (most common values): never free
      assertRefused(
          () -> s.executeQuery("select most_common_vals from pg_catalog.pg_stats"),
          "pg_catalog.pg_stats");
      assertRefused(() -> s.executeQuery("select query from pg_stat_activity"), "pg_stat_activity");
    }
    try (Connection c = connect("shop-strict");
        Statement s = c.createStatement()) {
      assertRefused(() -> s.executeQuery(catalog), "pg_catalog.pg_class");
      try (ResultSet rs = s.executeQuery("select id from public.gr_orders")) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @Test
  void aStatementPastItsGrantsRowLimitIsStoppedWith54000AndTheSessionGoesOn() throws Exception {
    try (Connection c = connect("shop", "sampler")) {
      for (boolean prepared : new boolean[] {false, true}) {
        String sql = "select g from generate_series(1, 100000) g, public.gr_orders";
        List<Integer> seen = new ArrayList<>();
        assertThatThrownBy(
                () -> {
                  try (Statement s = prepared ? c.prepareStatement(sql) : c.createStatement();
                      ResultSet rs =
                          prepared
                              ? ((java.sql.PreparedStatement) s).executeQuery()
                              : s.executeQuery(sql)) {
                    while (rs.next()) {
                      seen.add(rs.getInt(1));
                    }
                  }
                })
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("more than 2 rows, the limit of grant 'sampler-orders'")
            .extracting(e -> ((SQLException) e).getSQLState())
            .isEqualTo("54000");
        // pgjdbc reads the whole result before it reports the error: no row reached it
        assertThat(seen).isEmpty();
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("select id from public.gr_orders order by id")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.next()).isTrue();
          assertThat(rs.next()).isFalse();
        }
      }
    }
  }

  @Test
  void pagingACursorCountsAgainstTheRowLimit() throws Exception {
    try (Connection c = connect("shop", "sampler")) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("declare k cursor for select id from public.gr_orders, generate_series(1, 5)");
        for (int page = 0; page < 2; page++) {
          try (ResultSet rs = s.executeQuery("fetch 1 from k")) {
            assertThat(rs.next()).isTrue();
          }
        }
        assertThatThrownBy(() -> s.executeQuery("fetch 1 from k"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("more than 2 rows");
      }
      c.rollback();
    }
  }

  @Test
  void aCopyPastTheRowLimitIsStoppedToo() throws Exception {
    try (Connection c = connect("shop", "sampler")) {
      var copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
      var out = new java.io.StringWriter();
      assertThatThrownBy(
              () ->
                  copy.copyOut(
                      "copy (select g from generate_series(1, 100000) g, public.gr_orders) to"
                          + " stdout",
                      out))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("more than 2 rows");
      assertThat(out.toString().lines()).hasSize(2);
    }
  }

  @Test
  void psqlShowsTheRowsUpToTheLimitThenTheError() throws Exception {
    LibpqClient.Result result =
        LibpqClient.run(
            TokenMinter.forIssuer(config.identity().issuers().getFirst(), CLOCK)
                .mint("sampler", List.of(), Duration.ofMinutes(5)),
            List.of(
                "psql",
                "-X",
                "-A",
                "-t",
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(gateway.listenerAddresses().get("postgres").getPort()),
                "-U",
                "sampler",
                "-d",
                "shop",
                "-c",
                "select g from generate_series(1, 1000000) g, public.gr_orders",
                "-c",
                "select 'still here'"));
    assertThat(result.stderr())
        .contains(
            "more than 2 rows, the limit of grant 'sampler-orders' (limits.rowsPerStatement)");
    assertThat(result.stdout()).contains("still here");
  }

  private static void assertRefused(ThrowingCallable statement, String message) {
    assertThatThrownBy(statement)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("42501");
  }

  private static Connection connect() throws SQLException {
    return connect("shop");
  }

  private static Connection connect(String connection) throws SQLException {
    return connect(connection, "reader");
  }

  private static Connection connect(String connection, String agent) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", agent);
    props.setProperty(
        "password",
        TokenMinter.forIssuer(config.identity().issuers().getFirst(), CLOCK)
            .mint(agent, List.of(), Duration.ofMinutes(5)));
    props.setProperty("sslmode", "disable");
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:"
            + gateway.listenerAddresses().get("postgres").getPort()
            + "/"
            + connection,
        props);
  }
}
