package dev.drawbridge.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.Environment;
import dev.drawbridge.server.Gateway;
import dev.drawbridge.server.testing.TestGateway;
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
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drawbridge review …} as a reviewer runs it against a gateway with a store: start a
 * campaign over recorded use, decide items, print the patch and the report.
 */
@ExtendWith(TestPostgres.class)
class ReviewCliIT {

  static final String SECRET = "review-cli-it-secret-review-cli-it-secret-01";
  static final String STORE = "review_cli_it";
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path dir;
  static Gateway gateway;
  static DrawbridgeConfig config;
  static Path configFile;
  static TestPostgres.Server pg;

  @BeforeAll
  static void start(TestPostgres.Server server) throws Exception {
    pg = server;
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute("drop database if exists " + STORE + " with (force)");
      s.execute("create database " + STORE);
      s.execute(
          """
          drop table if exists public.rc_used, public.rc_unused;
          create table public.rc_used(id int primary key);
          create table public.rc_unused(id int primary key);
          grant select on public.rc_used, public.rc_unused to app_scram;
          """);
    }
    Files.writeString(dir.resolve("token.secret"), SECRET);
    Files.writeString(dir.resolve("store.password"), pg.password());
    configFile = dir.resolve("drawbridge.yaml");
    Files.writeString(
        configFile,
        """
        gateway: { name: review-cli, shutdownTimeout: 2s }
        audit: { journal: journal }
        admin: { bind: "127.0.0.1:0" }
        listeners:
          postgres: { bind: "127.0.0.1:0", allowPlaintext: true }
        identity:
          issuers:
            - { issuer: drawbridge, hmacSecret: "${file:%s}" }
        store:
          postgres:
            url: "jdbc:postgresql://%s:%d/%s"
            username: %s
            password: "${file:%s}"
        connections:
          - name: shop
            type: postgres
            upstream: { host: %s, port: %d, database: %s, tls: disable }
            credential: { username: app_scram, password: app-scram-pw }
        grants:
          - id: rc-reader
            subject: { agent: rc-bot }
            connection: shop
            allow: [ { actions: [read], tables: ["public.rc_*"] }, { actions: [session] } ]
            owner: alice@example.com
            reason: review cli
            expires: 2099-12-31
          - id: rc-idle
            subject: { agent: idle-bot }
            connection: shop
            allow: [ { actions: [read], tables: ["public.rc_used"] } ]
            owner: alice@example.com
            reason: review cli
            expires: 2099-12-31
        """
            .formatted(
                dir.resolve("token.secret"),
                pg.host(),
                pg.port(),
                STORE,
                pg.user(),
                dir.resolve("store.password"),
                pg.host(),
                pg.port(),
                pg.database()));
    config = ConfigLoader.load(configFile, Environment.of(Map.of())).config();
    gateway = Gateway.start(config, Clock.systemUTC());
    try (Connection agent = connect();
        Statement s = agent.createStatement()) {
      s.executeQuery("select id from public.rc_used").close();
    }
    awaitShipped();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void aReviewerRunsACampaignFromTheCommandLine() throws Exception {
    Path rita = mint("--subject", "rita@example.com", "--role", "reviewer");

    Cli.Result started =
        cli("review", "start", "--name", "Q4", "--window", "1d", "--token-file", rita);
    assertThat(started.exit()).as(started.err()).isZero();
    assertThat(started.out()).contains("rc-reader").contains("narrow").contains("rc-idle");
    assertThat(started.out()).containsPattern("rc-idle.*revoke");

    Cli.Result narrowed =
        cli(
            "review",
            "narrow",
            "Q4",
            "rc-reader",
            "--reason",
            "only rc_used",
            "--token-file",
            rita);
    assertThat(narrowed.exit()).as(narrowed.err()).isZero();
    Cli.Result revoked =
        cli("review", "revoke", "Q4", "rc-idle", "--reason", "unused", "--token-file", rita);
    assertThat(revoked.exit()).as(revoked.err()).isZero();
    Cli.Result again = cli("review", "certify", "Q4", "rc-idle", "--token-file", rita);
    assertThat(again.exit()).isEqualTo(ExitCodes.CONFLICT);

    Cli.Result patch = cli("review", "patch", "Q4", "--token-file", rita);
    assertThat(patch.exit()).as(patch.err()).isZero();
    assertThat(patch.out()).contains("rc-idle").contains("public.rc_used");
    assertThat(patch.out()).doesNotContain("public.rc_*");

    Cli.Result csv = cli("review", "report", "Q4", "--format", "csv", "--token-file", rita);
    assertThat(csv.exit()).as(csv.err()).isZero();
    assertThat(csv.out()).contains("rc-bot");

    Path approver = mint("--subject", "alice@example.com", "--role", "approver");
    assertThat(cli("review", "start", "--name", "Q5", "--token-file", approver).exit())
        .isEqualTo(ExitCodes.NOT_ALLOWED);
  }

  private static void awaitShipped() throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String url = "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + STORE;
    while (System.nanoTime() < deadline) {
      try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "select count(*) from audit.events where type = 'operation'"
                      + " and record::jsonb ->> 'text' = 'select id from public.rc_used'")) {
        rs.next();
        if (rs.getLong(1) > 0) {
          return;
        }
      } catch (SQLException e) {
        // not migrated yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the statement was never shipped to the store");
  }

  private static Cli.Result cli(Object... args) {
    return Cli.against(gateway, Arrays.stream(args).map(Object::toString).toArray(String[]::new));
  }

  private static Path mint(String... who) throws Exception {
    return Cli.mint(configFile, dir, who);
  }

  private static Connection connect() throws SQLException {
    return new TestGateway(gateway, config, configFile).connect("rc-bot");
  }
}
