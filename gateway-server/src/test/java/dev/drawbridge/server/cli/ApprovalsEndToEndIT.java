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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop as people run it: an agent's statement is held by the real gateway, an approver
 * with a token minted by {@code drawbridge token mint --role approver} sees it with {@code
 * drawbridge approvals list} and releases it with {@code drawbridge approvals approve}, over the
 * admin listener; the agent's own token, even with the approver role, cannot.
 */
@ExtendWith(TestPostgres.class)
class ApprovalsEndToEndIT {

  static final String SECRET = "e2e-approvals-secret-e2e-approvals-secret-01";
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Pattern REQUEST = Pattern.compile("(ap-[a-z0-9]{10})");

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
      s.execute(
          """
          drop table if exists public.e2e_orders;
          create table public.e2e_orders(id int primary key, status text);
          insert into public.e2e_orders values (1, 'new');
          grant select, update on public.e2e_orders to app_scram;
          """);
    }
    Files.writeString(dir.resolve("token.secret"), SECRET);
    configFile = dir.resolve("drawbridge.yaml");
    Files.writeString(
        configFile,
        """
        gateway: { name: e2e, shutdownTimeout: 2s }
        audit: { journal: journal }
        admin: { bind: "127.0.0.1:0" }
        listeners:
          postgres: { bind: "127.0.0.1:0", allowPlaintext: true }
        identity:
          issuers:
            - { issuer: drawbridge, hmacSecret: "${file:%s}" }
        connections:
          - name: shop
            type: postgres
            upstream: { host: %s, port: %d, database: %s, tls: disable }
            credential: { username: app_scram, password: app-scram-pw }
        grants:
          - id: shop-ops
            subject: { agent: ops-bot }
            connection: shop
            allow: [ { actions: [read, session] } ]
            review: [ { actions: [write], tables: ["public.e2e_orders"] } ]
            owner: alice@example.com
            reason: end to end
            expires: 2099-12-31
        """
            .formatted(dir.resolve("token.secret"), pg.host(), pg.port(), pg.database()));
    config = ConfigLoader.load(configFile, Environment.of(Map.of())).config();
    gateway = Gateway.start(config, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void anApproverReleasesAHeldStatementWithTheCli() throws Exception {
    Path alice = mint("--subject", "alice@example.com", "--role", "approver");
    Path agentAsApprover = mint("--agent", "ops-bot", "--role", "approver");
    try (Connection agent = connect()) {
      CompletableFuture<Integer> update =
          CompletableFuture.supplyAsync(
              () -> {
                try (Statement s = agent.createStatement()) {
                  return s.executeUpdate("update public.e2e_orders set status = 'paid'");
                } catch (SQLException e) {
                  throw new CompletionException(e);
                }
              });
      String id = awaitListed(alice);

      Cli.Result own = cli("approvals", "approve", id, "--token-file", agentAsApprover.toString());
      assertThat(own.exit()).isEqualTo(ExitCodes.NOT_ALLOWED);
      assertThat(own.err()).contains("own");
      assertThat(update).isNotDone();

      Cli.Result approved =
          cli("approvals", "approve", id, "--reason", "INC-7", "--token-file", alice.toString());
      assertThat(approved.exit()).as(approved.err()).isZero();
      assertThat(update.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);

      Cli.Result again = cli("approvals", "approve", id, "--token-file", alice.toString());
      assertThat(again.exit()).isEqualTo(ExitCodes.CONFLICT);
    }
  }

  @Test
  void anAdminCreatesAGrantThatLetsTheAgentWriteAtOnceAndRevokesIt() throws Exception {
    Path root = mint("--subject", "root@example.com", "--role", "admin");
    Path alice = mint("--subject", "alice@example.com", "--role", "approver");
    Path grant =
        Files.writeString(
            dir.resolve("grant.yaml"),
            """
            id: ops-refunds
            subject: { agent: ops-bot }
            connection: shop
            allow: [ { actions: [write], tables: ["public.e2e_orders"], columns: [status] } ]
            owner: alice@example.com
            reason: INC-9 refunds
            """);
    Cli.Result notAdmin =
        cli(
            "grants",
            "create",
            "--file",
            grant.toString(),
            "--for",
            "2h",
            "--token-file",
            alice.toString());
    assertThat(notAdmin.exit()).isEqualTo(ExitCodes.NOT_ALLOWED);

    Cli.Result created =
        cli(
            "grants",
            "create",
            "--file",
            grant.toString(),
            "--for",
            "2h",
            "--token-file",
            root.toString());
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out()).contains("created ops-refunds until");
    try (Connection agent = connect();
        Statement s = agent.createStatement()) {
      assertThat(s.executeUpdate("update public.e2e_orders set status = 'refunded'")).isEqualTo(1);
    }
    assertThat(cli("grants", "list", "--token-file", root.toString()).out())
        .contains("ops-refunds")
        .contains("temporary");

    Cli.Result revoked =
        cli("grants", "revoke", "ops-refunds", "--reason", "done", "--token-file", root.toString());
    assertThat(revoked.exit()).as(revoked.err()).isZero();
    try (Connection agent = connect()) {
      CompletableFuture<Integer> held =
          CompletableFuture.supplyAsync(
              () -> {
                try (Statement s = agent.createStatement()) {
                  return s.executeUpdate("update public.e2e_orders set status = 'again'");
                } catch (SQLException e) {
                  throw new CompletionException(e);
                }
              });
      String id = awaitListed(alice);
      assertThat(
              cli("approvals", "deny", id, "--reason", "revoked", "--token-file", alice.toString())
                  .exit())
          .isZero();
      assertThat(held).failsWithin(WAIT).withThrowableThat().withMessageContaining("revoked");
    }
  }

  @Test
  void aReviewerSimulatesACandidateOnTheGatewaysOwnTrail() throws Exception {
    Path reviewer = mint("--subject", "rita@example.com", "--role", "reviewer");
    try (Connection agent = connect();
        Statement s = agent.createStatement()) {
      s.executeQuery("select count(*) from public.e2e_orders").close();
    }
    Cli.Result same =
        cli(
            "policy",
            "simulate",
            "--config",
            configFile.toString(),
            "--remote",
            "--since",
            "1h",
            "--token-file",
            reviewer.toString());
    assertThat(same.exit()).as(same.err()).isZero();
    assertThat(same.out()).contains("\"changed\" : false");

    Path candidate =
        Files.writeString(
            dir.resolve("candidate.yaml"),
            Files.readString(configFile).replace("[read, session]", "[session]"));
    Cli.Result narrower =
        cli(
            "policy",
            "simulate",
            "--config",
            candidate.toString(),
            "--remote",
            "--since",
            "1h",
            "--token-file",
            reviewer.toString());
    assertThat(narrower.exit()).as(narrower.err()).isEqualTo(ExitCodes.POLICY_CHANGES);
    assertThat(narrower.out()).contains("\"changed\" : true").contains("newly-refused");

    Path approver = mint("--subject", "alice@example.com", "--role", "approver");
    assertThat(
            cli(
                    "policy",
                    "simulate",
                    "--config",
                    candidate.toString(),
                    "--remote",
                    "--token-file",
                    approver.toString())
                .exit())
        .isEqualTo(ExitCodes.NOT_ALLOWED);
  }

  private static String awaitListed(Path token) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Cli.Result listed = cli("approvals", "list", "--token-file", token.toString());
      assertThat(listed.exit()).as(listed.err()).isZero();
      Matcher m = REQUEST.matcher(listed.out());
      if (m.find() && listed.out().contains("ops-bot")) {
        return m.group(1);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the held statement was never listed");
  }

  private static Cli.Result cli(Object... args) {
    return Cli.against(gateway, Arrays.stream(args).map(Object::toString).toArray(String[]::new));
  }

  private static Path mint(String... who) throws Exception {
    return Cli.mint(configFile, dir, who);
  }

  private static Connection connect() throws SQLException {
    return new TestGateway(gateway, config, configFile).connect("ops-bot");
  }
}
