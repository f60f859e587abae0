package dev.drawbridge.server.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.audit.query.DatabaseRecordSource;
import dev.drawbridge.audit.query.DecisionTrail;
import dev.drawbridge.audit.query.TimeWindow;
import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.core.identity.TokenMinter;
import dev.drawbridge.policy.simulation.Outcome;
import dev.drawbridge.policy.simulation.Replay;
import dev.drawbridge.policy.simulation.Simulation;
import dev.drawbridge.policy.simulation.Verdict;
import dev.drawbridge.server.Gateway;
import dev.drawbridge.server.cli.DrawbridgeCommand;
import dev.drawbridge.testing.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;

/**
 * Policy simulation over a real trail: agents work through a gateway with the current grants, the
 * shipper ships what it recorded, and {@code drawbridge policy simulate} replays it against a
 * candidate that narrows one grant (a column) and widens another (a write, a group's read). Then a
 * second gateway runs the candidate for real and the same statements meet exactly the fate the
 * simulation predicted for each.
 */
@ExtendWith(TestPostgres.class)
class PolicySimulationIT {

  private static final String DATABASE = "policy_sim_it";
  private static final String SECRET = "policy-sim-it-secret-policy-sim-it-secret-0123";

  /** What each agent runs, in order. */
  private static final List<String[]> STATEMENTS =
      List.of(
          new String[] {"support-bot", "select id, total from public.ps_orders"},
          new String[] {"support-bot", "select id, email from public.ps_customers"},
          new String[] {"support-bot", "select id, name from public.ps_customers"},
          new String[] {"support-bot", "update public.ps_orders set total = total where id = 1"},
          new String[] {"support-bot", "select * from public.ps_payments"},
          new String[] {"report-bot", "select id, card from public.ps_payments"},
          new String[] {"report-bot", "select id from public.ps_orders"});

  private static final String CURRENT_GRANTS =
      """
      grants:
        - id: support-orders
          subject: { agent: support-bot }
          connection: shop
          allow:
            - { actions: [read, session], tables: ["public.ps_orders"] }
            - { actions: [read], tables: ["public.ps_customers"], columns: [id, name, email] }
          owner: it@example.com
          expires: 2099-12-31
        - id: analysts-payments
          subject: { group: analysts }
          connection: shop
          allow: [ { actions: [read], tables: ["public.ps_payments"] } ]
          owner: it@example.com
          expires: 2099-12-31
      """;

  /** Narrows support-orders (no email), widens it (writes orders) and the analysts (orders). */
  private static final String CANDIDATE_GRANTS =
      """
      grants:
        - id: support-orders
          subject: { agent: support-bot }
          connection: shop
          allow:
            - { actions: [read, session], tables: ["public.ps_orders"] }
            - { actions: [read], tables: ["public.ps_customers"], columns: [id, name] }
          owner: it@example.com
          expires: 2099-12-31
        - id: support-orders-write
          subject: { agent: support-bot }
          connection: shop
          allow: [ { actions: [write], tables: ["public.ps_orders"] } ]
          owner: it@example.com
          expires: 2099-12-31
        - id: analysts-payments
          subject: { group: analysts }
          connection: shop
          allow: [ { actions: [read], tables: ["public.ps_payments", "public.ps_orders"] } ]
          owner: it@example.com
          expires: 2099-12-31
      """;

  @TempDir Path dir;

  @Test
  void theSimulationPredictsWhatTheCandidateEnforces(TestPostgres.Server pg) throws Exception {
    prepare(pg);
    Path current = config(pg, "current", CURRENT_GRANTS, true);
    Path candidate = config(pg, "candidate", CANDIDATE_GRANTS, true);

    Map<String, Verdict.Kind> recorded;
    try (Gateway gateway = Gateway.start(ConfigLoader.load(current).config(), Clock.systemUTC())) {
      DrawbridgeConfig config = ConfigLoader.load(current).config();
      recorded = runAll(gateway, config);
      refusedConnect(gateway, config);
      awaitShipped(pg);
    }
    assertThat(recorded)
        .containsEntry("support-bot " + STATEMENTS.get(1)[1], Verdict.Kind.ALLOW)
        .containsEntry("support-bot " + STATEMENTS.get(3)[1], Verdict.Kind.DENY)
        .containsEntry("report-bot " + STATEMENTS.get(6)[1], Verdict.Kind.DENY);

    // the command, as CI would run it
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = DrawbridgeCommand.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int exit =
        line.execute(
            "policy",
            "simulate",
            "--config",
            candidate.toString(),
            "--since",
            "1h",
            "--format",
            "json");
    assertThat(exit).as(err.toString()).isEqualTo(7);
    assertThat(err.toString()).contains("reading the store database");
    JsonNode report = new ObjectMapper().readTree(out.toString());
    assertThat(report.path("changed").asBoolean()).isTrue();
    assertThat(report.path("totals").path("newly-refused").path("count").asLong()).isEqualTo(1);
    assertThat(report.path("totals").path("newly-allowed").path("count").asLong()).isEqualTo(2);
    assertThat(report.path("totals").path("not-replayable").path("count").asLong()).isEqualTo(1);
    assertThat(report.path("notReplayable").get(0).path("why").asText())
        .contains("groups are not recorded");
    // two connects, pgjdbc's SET application_name in each session, and four statements
    assertThat(report.path("totals").path("unchanged").path("count").asLong()).isEqualTo(2 + 2 + 4);
    JsonNode refused = report.path("examples").path("newly-refused").get(0);
    assertThat(refused.path("agent").asText()).isEqualTo("support-bot");
    assertThat(refused.path("recorded").path("grant").asText()).isEqualTo("support-orders");
    assertThat(refused.path("candidate").path("reason").asText())
        .startsWith("needs read on public.ps_customers.email");
    Map<String, String> texts = texts(pg);
    assertThat(texts.get(refused.path("eventId").asText()))
        .isEqualTo("support-bot " + STATEMENTS.get(1)[1]);
    assertThat(report.path("byGrant").findValuesAsText("candidateGrant"))
        .contains("support-orders-write", "analysts-payments");
    assertThat(report.path("byAgent").toString()).contains("report-bot", "newly-allowed");

    // the same answer for each operation, decided one by one
    Map<String, Verdict.Kind> predicted = new HashMap<>();
    Simulation simulation = Simulation.against(ConfigLoader.load(candidate).config().grants());
    DecisionTrail.of(new DatabaseRecordSource(dataSource(pg)))
        .operations(
            TimeWindow.ALL,
            Set.of(),
            Set.of(),
            op -> {
              Replay replay = simulation.add(TrailOperations.recorded(op));
              String text = texts.get(op.eventId().toString());
              if (replay.outcome() != Outcome.NOT_REPLAYABLE && !text.endsWith(" ")) {
                predicted.put(text, replay.candidate().kind());
              }
            });
    assertThat(predicted.keySet())
        .containsAll(STATEMENTS.stream().map(s -> s[0] + " " + s[1]).toList());

    // the candidate, enforced by a gateway of its own
    Path enforcing = config(pg, "enforcing", CANDIDATE_GRANTS, false);
    Map<String, Verdict.Kind> enforced;
    try (Gateway gateway =
        Gateway.start(ConfigLoader.load(enforcing).config(), Clock.systemUTC())) {
      enforced = runAll(gateway, ConfigLoader.load(enforcing).config());
    }
    for (String[] statement : STATEMENTS) {
      String key = statement[0] + " " + statement[1];
      assertThat(enforced.get(key)).as(key).isEqualTo(predicted.get(key));
    }
    assertThat(enforced).isNotEqualTo(recorded);
  }

  /** Runs every statement as its agent; what became of each (allowed or refused). */
  private static Map<String, Verdict.Kind> runAll(Gateway gateway, DrawbridgeConfig config)
      throws SQLException {
    Map<String, Verdict.Kind> fate = new LinkedHashMap<>();
    Map<String, Connection> sessions = new HashMap<>();
    try {
      for (String[] statement : STATEMENTS) {
        Connection c = sessions.get(statement[0]);
        if (c == null) {
          c = connect(gateway, config, statement[0]);
          sessions.put(statement[0], c);
        }
        try (Statement s = c.createStatement()) {
          s.execute(statement[1]);
          fate.put(statement[0] + " " + statement[1], Verdict.Kind.ALLOW);
        } catch (SQLException e) {
          if (!"42501".equals(e.getSQLState())) {
            throw e;
          }
          fate.put(statement[0] + " " + statement[1], Verdict.Kind.DENY);
        }
      }
    } finally {
      for (Connection c : sessions.values()) {
        c.close();
      }
    }
    return fate;
  }

  private static void refusedConnect(Gateway gateway, DrawbridgeConfig config) {
    try {
      connect(gateway, config, "stranger-bot").close();
      fail("a stranger connected");
    } catch (SQLException e) {
      assertThat(e.getMessage()).contains("no grant lets agent 'stranger-bot'");
    }
  }

  private static Connection connect(Gateway gateway, DrawbridgeConfig config, String agent)
      throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", agent);
    props.setProperty(
        "password",
        TokenMinter.forIssuer(config.identity().issuers().getFirst())
            .mint(
                agent,
                agent.equals("report-bot") ? List.of("analysts") : List.of(),
                Duration.ofMinutes(10)));
    int port = gateway.listenerAddresses().get("postgres").getPort();
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/shop?sslmode=disable", props);
  }

  /** The tables the agents use, and a fresh audit database. */
  private static void prepare(TestPostgres.Server pg) throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute(
          """
          drop table if exists public.ps_orders, public.ps_customers, public.ps_payments;
          create table public.ps_orders(id int primary key, total int);
          insert into public.ps_orders values (1, 100), (2, 200);
          create table public.ps_customers(id int primary key, name text, email text);
          insert into public.ps_customers values (1, 'Ada', 'ada@example.com');
          create table public.ps_payments(id int primary key, card text);
          insert into public.ps_payments values (1, '5500 0000 0000 0004');
          grant select on public.ps_orders, public.ps_customers, public.ps_payments to app_scram;
          grant update on public.ps_orders to app_scram;
          """);
      s.execute("drop database if exists " + DATABASE + " with (force)");
      s.execute("create database " + DATABASE);
    }
  }

  /** Waits until the audit database holds every statement and the three connects. */
  private static void awaitShipped(TestPostgres.Server pg) throws Exception {
    List<String> expected = new ArrayList<>();
    STATEMENTS.forEach(s -> expected.add(s[0] + " " + s[1]));
    expected.addAll(List.of("support-bot ", "report-bot ", "stranger-bot "));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Map<String, String> stored = Map.of();
    while (System.nanoTime() < deadline) {
      try {
        stored = texts(pg);
      } catch (SQLException e) {
        // not migrated yet
      }
      if (stored.values().containsAll(expected)) {
        return;
      }
      Thread.sleep(100);
    }
    fail("the audit database holds only " + stored.values());
  }

  /** Each operation event's agent and statement text, by event id. */
  private static Map<String, String> texts(TestPostgres.Server pg) throws SQLException {
    Map<String, String> texts = new HashMap<>();
    try (Connection c = dataSource(pg).getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select id, agent, record::jsonb ->> 'text' from audit.events"
                    + " where type = 'operation'")) {
      while (rs.next()) {
        texts.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3));
      }
    }
    return texts;
  }

  private static PGSimpleDataSource dataSource(TestPostgres.Server pg) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL("jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + DATABASE);
    dataSource.setUser(pg.user());
    dataSource.setPassword(pg.password());
    return dataSource;
  }

  /** A configuration file with {@code grants}; with the audit database when {@code store}. */
  private Path config(TestPostgres.Server pg, String name, String grants, boolean store)
      throws Exception {
    Path secret = Files.writeString(dir.resolve("token.secret"), SECRET);
    Path dbPassword = Files.writeString(dir.resolve("db.password"), pg.password());
    String yaml =
        """
        gateway: { name: %s, shutdownTimeout: 2s }
        audit: { journal: "%s" }
        %s
        listeners:
          postgres: { bind: "127.0.0.1:0", allowPlaintext: true }
        identity:
          issuers:
            - { issuer: drawbridge, hmacSecret: "${file:%s}", audience: drawbridge }
        connections:
          - name: shop
            type: postgres
            upstream: { host: %s, port: %d, database: %s, tls: disable }
            credential: { username: app_scram, password: app-scram-pw }
        %s
        """
            .formatted(
                name,
                dir.resolve(store ? "journal" : name + "-journal"),
                store
                    ? """
                      store:
                        postgres: { url: "jdbc:postgresql://%s:%d/%s", username: %s, password: "${file:%s}" }
                      """
                        .formatted(pg.host(), pg.port(), DATABASE, pg.user(), dbPassword)
                    : "",
                secret,
                pg.host(),
                pg.port(),
                pg.database(),
                grants);
    return Files.writeString(dir.resolve(name + ".yaml"), yaml);
  }
}
