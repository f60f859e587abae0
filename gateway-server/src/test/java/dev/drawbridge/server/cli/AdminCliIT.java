package dev.drawbridge.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.server.admin.api.AdminApiFixture;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drawbridge approvals …} and {@code drawbridge grants …} against a running admin listener,
 * with tokens minted by {@code drawbridge token mint --role}.
 */
class AdminCliIT {

  private static AdminApiFixture gateway;
  private static String admin;

  @TempDir static Path dir;

  private static Path approver;
  private static Path auditor;
  private static Path root;

  @BeforeAll
  static void start() throws Exception {
    gateway = AdminApiFixture.start();
    admin = gateway.base().toString();
    Path secret = Files.writeString(dir.resolve("token.secret"), AdminApiFixture.SECRET);
    Path config =
        Files.writeString(
            dir.resolve("drawbridge.yaml"),
            """
            identity:
              issuers:
                - { issuer: drawbridge, hmacSecret: "${file:%s}" }
            """
                .formatted(secret));
    approver = mint(config, "carol@example.com", "approver");
    auditor = mint(config, "dave@example.com", "auditor");
    root = mint(config, "root@example.com", "admin");
  }

  /** A token minted by the CLI, in a file, as an operator would keep it. */
  private static Path mint(Path config, String subject, String role) throws Exception {
    Cli.Result minted =
        Cli.run(
            "token", "mint", "--config", config.toString(), "--subject", subject, "--role", role);
    assertThat(minted.exit()).as(minted.err()).isZero();
    return Files.writeString(dir.resolve(subject + ".token"), minted.out());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void listPrintsPendingRequestsAsATable() {
    gateway.desks().hold("apr-list", "support-bot");

    Cli.Result result = run(auditor, "approvals", "list");

    assertThat(result.exit()).as(result.err()).isZero();
    String[] lines = result.out().split("\n");
    assertThat(lines[0])
        .startsWith("ID")
        .contains("STATUS", "AGENT", "CONNECTION", "ACTION", "RESOURCES", "REQUESTED", "STATEMENT");
    assertThat(result.out())
        .contains("apr-list")
        .contains("pending")
        .contains("support-bot")
        .contains("public.orders")
        .contains("UPDATE public.orders SET status = 'refunded' WHERE id = 42");
  }

  @Test
  void showPrintsTheWholeStatement() {
    gateway.desks().hold("apr-show", "support-bot");

    Cli.Result result = run(auditor, "approvals", "show", "apr-show");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("write UPDATE public.orders")
        .contains("support-orders")
        .endsWith("UPDATE public.orders\n   SET status = 'refunded'\n WHERE id = 42\n");
  }

  @Test
  void listAsJsonIsTheApisAnswer() throws Exception {
    gateway.desks().hold("apr-json", "support-bot");

    Cli.Result result = run(auditor, "approvals", "list", "--json");

    assertThat(result.exit()).isZero();
    JsonNode body = new ObjectMapper().readTree(result.out());
    assertThat(body.get("approvals").isArray()).isTrue();
    assertThat(result.out()).contains("\"id\" : \"apr-json\"");
  }

  @Test
  void approveForAnHourPrintsTheTemporaryGrantAndASecondDecisionExitsSix() {
    gateway.desks().hold("apr-1h", "support-bot");

    Cli.Result approved =
        run(approver, "approvals", "approve", "apr-1h", "--for", "1h", "--reason", "INC-7");

    assertThat(approved.exit()).as(approved.err()).isZero();
    assertThat(approved.out()).startsWith("approved apr-1h; temporary grant tmp-apr-1h until ");

    Cli.Result again = run(approver, "approvals", "deny", "apr-1h", "--reason", "changed my mind");
    assertThat(again.exit()).isEqualTo(6);
    assertThat(again.err())
        .isEqualTo("drawbridge: 409 Conflict: approval request 'apr-1h' is approved already\n");
    assertThat(again.out()).isEmpty();
  }

  @Test
  void approveOnceAndDeny() {
    gateway.desks().hold("apr-once", "support-bot");
    gateway.desks().hold("apr-deny", "support-bot");

    Cli.Result once = run(approver, "approvals", "approve", "apr-once");
    Cli.Result denied = run(approver, "approvals", "deny", "apr-deny", "--reason", "use the API");

    assertThat(once.exit()).as(once.err()).isZero();
    assertThat(once.out()).isEqualTo("approved apr-once (this statement only)\n");
    assertThat(denied.exit()).as(denied.err()).isZero();
    assertThat(denied.out()).isEqualTo("denied apr-deny: use the API\n");
    assertThat(gateway.desks().find("apr-deny").orElseThrow().status()).isEqualTo("denied");
  }

  @Test
  void denyWithoutAReasonIsAUsageError() {
    Cli.Result result = run(approver, "approvals", "deny", "apr-x");

    assertThat(result.exit()).isNotZero();
    assertThat(result.err()).contains("--reason");
  }

  @Test
  void aBadDurationIsTheApisProblem() {
    gateway.desks().hold("apr-soon", "support-bot");

    Cli.Result result =
        run(approver, "approvals", "approve", "apr-soon", "--for", "soon", "--reason", "r");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("drawbridge: 400 Bad Request: 'for': 'soon' is not a duration");
  }

  @Test
  void aMissingRoleExitsFour() {
    gateway.desks().hold("apr-role", "support-bot");

    Cli.Result result = run(auditor, "approvals", "approve", "apr-role");

    assertThat(result.exit()).isEqualTo(4);
    assertThat(result.err()).contains("403 Forbidden").contains("needs the role 'approver'");
  }

  @Test
  void anUnknownRequestExitsFive() {
    Cli.Result result = run(approver, "approvals", "approve", "no-such-id");

    assertThat(result.exit()).isEqualTo(5);
    assertThat(result.err()).contains("404 Not Found: no approval request 'no-such-id'");
  }

  @Test
  void grantsListAndRevoke() {
    gateway.desks().hold("apr-grant", "support-bot");
    run(approver, "approvals", "approve", "apr-grant", "--for", "2h", "--reason", "INC-8");

    Cli.Result list = run(auditor, "grants", "list");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).startsWith("ID").contains("KIND", "SUBJECT", "EXPIRES", "OWNER");
    assertThat(list.out())
        .containsPattern("support-orders +file +agent:support-bot +orders-db +2027-03-31")
        .containsPattern(
            "tmp-apr-grant +temporary +agent:support-bot +orders-db .*carol@example.com +apr-grant");

    Cli.Result byApprover = run(approver, "grants", "revoke", "tmp-apr-grant", "--reason", "done");
    assertThat(byApprover.exit()).isEqualTo(4);

    Cli.Result revoked = run(root, "grants", "revoke", "tmp-apr-grant", "--reason", "done");
    assertThat(revoked.exit()).as(revoked.err()).isZero();
    assertThat(revoked.out()).isEqualTo("revoked tmp-apr-grant\n");
    assertThat(run(auditor, "grants", "list").out()).doesNotContain("tmp-apr-grant");
    assertThat(run(root, "grants", "revoke", "tmp-apr-grant", "--reason", "again").exit())
        .isEqualTo(5);
  }

  @Test
  void aGarbageTokenFileExitsFourWithTheReason() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.token"), "eyJ.eyJ.sig\n");

    Cli.Result result = run(garbage, "approvals", "list");

    assertThat(result.exit()).isEqualTo(4);
    assertThat(result.err()).startsWith("drawbridge: 401 Unauthorized: token rejected: ");
  }

  @Test
  void aGatewayThatDoesNotAnswerExitsOne() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    Cli.Result result =
        Cli.run(
            "approvals",
            "list",
            "--admin",
            "http://127.0.0.1:" + port,
            "--token-file",
            auditor.toString());

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("cannot reach the admin API at http://127.0.0.1:" + port);
  }

  @Test
  void aMissingTokenFileExitsOne() {
    Cli.Result result =
        Cli.run(
            "approvals",
            "list",
            "--admin",
            admin,
            "--token-file",
            dir.resolve("nope.token").toString());

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("cannot read --token-file");
  }

  @Test
  void aUrlThatIsNotHttpIsRefused() {
    Cli.Result result =
        Cli.run("grants", "list", "--admin", "ftp://x", "--token-file", auditor.toString());

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("--admin must be an http(s) URL");
  }

  private static Cli.Result run(Path tokenFile, String... command) {
    String[] args = new String[command.length + 4];
    System.arraycopy(command, 0, args, 0, command.length);
    args[command.length] = "--admin";
    args[command.length + 1] = admin;
    args[command.length + 2] = "--token-file";
    args[command.length + 3] = tokenFile.toString();
    return Cli.run(args);
  }
}
