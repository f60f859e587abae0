package dev.drawbridge.policy;

import static dev.drawbridge.policy.Fixtures.NOON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.config.Secret;
import dev.drawbridge.config.WebhookConfig;
import dev.drawbridge.core.model.ApprovalVerdict;
import dev.drawbridge.policy.approval.ApprovalRequest;
import dev.drawbridge.policy.approval.notify.WebhookNotifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What webhooks receive, as a real HTTP server on loopback receives it. */
@Timeout(60)
class WebhookPayloadTest {

  static final String STATEMENT = "UPDATE public.orders SET status = 'refunded' WHERE id = 7";

  final WebhookServer server;
  WebhookNotifier notifier;

  WebhookPayloadTest() throws Exception {
    server = new WebhookServer();
  }

  @AfterEach
  void stop() {
    if (notifier != null) {
      notifier.close();
    }
    server.close();
  }

  static ApprovalRequest pending(String statement) {
    return new ApprovalRequest(
        "ap-7k2m9q4xw3",
        "0192f1a4-session",
        3,
        "support-bot",
        "sub-support-bot",
        "orders-db",
        "write",
        "UPDATE",
        List.of("public.orders"),
        statement,
        "ab".repeat(32),
        "triage",
        "write on public.orders needs approval",
        NOON,
        NOON.plus(Duration.ofMinutes(5)),
        null);
  }

  static ApprovalRequest decided(ApprovalRequest request, ApprovalVerdict verdict) {
    return new ApprovalRequest(
        request.id(),
        request.session(),
        request.sequence(),
        request.agent(),
        request.subject(),
        request.connection(),
        request.action(),
        request.verb(),
        request.resources(),
        request.statement(),
        request.statementSha256(),
        request.grantId(),
        request.reason(),
        request.requestedAt(),
        request.deadline(),
        verdict);
  }

  private WebhookNotifier notifier(WebhookConfig webhook) {
    notifier =
        new WebhookNotifier(
            List.of(webhook),
            "prod-eu-1",
            new WebhookNotifier.Options(
                100, 2, Duration.ofMillis(10), Duration.ofSeconds(30), Duration.ofSeconds(5)),
            null);
    return notifier;
  }

  @Test
  void jsonWebhooksReceiveTheRequestThenTheVerdictWithTheirHeaders() throws Exception {
    notifier(
        new WebhookConfig(
            server.url("/hooks/drawbridge"),
            null,
            Map.of("Authorization", Secret.of("Bearer hook-token")),
            null));
    ApprovalRequest request = pending(STATEMENT);

    notifier.requested(request);
    notifier.decided(
        decided(
            request,
            new ApprovalVerdict.Approved(
                "alice@example.com",
                "batch SEC-9",
                "jit-ap-7k2m9q4xw3",
                NOON.plus(Duration.ofHours(1)))));

    WebhookServer.Received first = server.next();
    assertThat(first.method()).isEqualTo("POST");
    assertThat(first.path()).isEqualTo("/hooks/drawbridge");
    assertThat(first.header("Content-Type")).startsWith("application/json");
    assertThat(first.header("Authorization")).isEqualTo("Bearer hook-token");
    JsonNode requested = first.json();
    assertThat(requested.get("event").asText()).isEqualTo("approval.requested");
    assertThat(requested.get("gateway").asText()).isEqualTo("prod-eu-1");
    assertThat(requested.get("approve").asText())
        .isEqualTo("drawbridge approvals approve ap-7k2m9q4xw3");
    JsonNode approval = requested.get("approval");
    assertThat(approval.get("id").asText()).isEqualTo("ap-7k2m9q4xw3");
    assertThat(approval.get("agent").asText()).isEqualTo("support-bot");
    assertThat(approval.get("connection").asText()).isEqualTo("orders-db");
    assertThat(approval.get("action").asText()).isEqualTo("write");
    assertThat(approval.get("verb").asText()).isEqualTo("UPDATE");
    assertThat(approval.get("resources").get(0).asText()).isEqualTo("public.orders");
    assertThat(approval.get("resources")).hasSize(1);
    assertThat(approval.get("statement").asText()).isEqualTo(STATEMENT);
    assertThat(approval.get("grant").asText()).isEqualTo("triage");
    assertThat(approval.get("reason").asText()).isEqualTo("write on public.orders needs approval");
    assertThat(approval.get("requestedAt").asText()).isEqualTo("2026-06-01T12:00:00Z");
    assertThat(approval.get("deadline").asText()).isEqualTo("2026-06-01T12:05:00Z");
    assertThat(approval.get("status").asText()).isEqualTo("pending");
    assertThat(approval.has("approver")).isFalse();
    assertThat(approval.has("until")).isFalse();

    WebhookServer.Received second = server.next();
    assertThat(second.header("Authorization")).isEqualTo("Bearer hook-token");
    JsonNode verdict = second.json();
    assertThat(verdict.get("event").asText()).isEqualTo("approval.decided");
    JsonNode approved = verdict.get("approval");
    assertThat(approved.get("status").asText()).isEqualTo("approved");
    assertThat(approved.get("approver").asText()).isEqualTo("alice@example.com");
    assertThat(approved.get("decisionReason").asText()).isEqualTo("batch SEC-9");
    assertThat(approved.get("temporaryGrant").asText()).isEqualTo("jit-ap-7k2m9q4xw3");
    assertThat(approved.get("until").asText()).isEqualTo("2026-06-01T13:00:00Z");
  }

  @Test
  void jsonVerdictsSayWhoDecidedAndWhy() throws Exception {
    notifier(new WebhookConfig(server.url("/"), WebhookConfig.Format.JSON, null, null));
    ApprovalRequest request = pending(STATEMENT);

    notifier.decided(
        decided(request, new ApprovalVerdict.Denied("alice@example.com", "not during the freeze")));
    notifier.decided(decided(request, new ApprovalVerdict.TimedOut(Duration.ofMinutes(5))));
    notifier.decided(decided(request, new ApprovalVerdict.Abandoned("cancelled by the agent")));
    notifier.decided(
        decided(request, new ApprovalVerdict.Failed("the approval store is unavailable")));

    JsonNode denied = server.next().json().get("approval");
    assertThat(denied.get("status").asText()).isEqualTo("denied");
    assertThat(denied.get("approver").asText()).isEqualTo("alice@example.com");
    assertThat(denied.get("decisionReason").asText()).isEqualTo("not during the freeze");
    assertThat(denied.has("temporaryGrant")).isFalse();
    JsonNode timedOut = server.next().json().get("approval");
    assertThat(timedOut.get("status").asText()).isEqualTo("timed-out");
    assertThat(timedOut.has("approver")).isFalse();
    JsonNode abandoned = server.next().json().get("approval");
    assertThat(abandoned.get("status").asText()).isEqualTo("abandoned");
    assertThat(abandoned.get("decisionReason").asText()).isEqualTo("cancelled by the agent");
    JsonNode failed = server.next().json().get("approval");
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.get("decisionReason").asText())
        .isEqualTo("the approval store is unavailable");
  }

  @Test
  void slackRequestsShowTheStatementInACodeBlockAndTheCommandsToDecide() throws Exception {
    notifier(
        new WebhookConfig(server.url("/services/T0/B0/x"), WebhookConfig.Format.SLACK, null, null));

    notifier.requested(pending(STATEMENT + " -- <!channel> & ``` done"));

    JsonNode body = server.next().json();
    assertThat(body.get("text").asText())
        .isEqualTo(
            "Approval requested: support-bot wants to run UPDATE on orders-db (ap-7k2m9q4xw3)");
    JsonNode section = body.get("blocks").get(0);
    assertThat(section.get("type").asText()).isEqualTo("section");
    assertThat(section.get("text").get("type").asText()).isEqualTo("mrkdwn");
    String text = section.get("text").get("text").asText();
    assertThat(text)
        .contains("*Agent:* support-bot")
        .contains("*Connection:* orders-db")
        .contains("```" + STATEMENT + " -- &lt;!channel&gt; &amp; `\u200b`` done```")
        .contains("*Reason:* write on public.orders needs approval\n")
        .contains("*Deadline:* 2026-06-01 12:05:00 UTC")
        .doesNotContain("<!channel>");
    JsonNode context = body.get("blocks").get(1);
    assertThat(context.get("type").asText()).isEqualTo("context");
    assertThat(context.get("elements").get(0).get("text").asText())
        .contains("`drawbridge approvals approve ap-7k2m9q4xw3`")
        .contains("`drawbridge approvals deny ap-7k2m9q4xw3 --reason \"...\"`");
    assertThat(body.get("blocks")).hasSize(2);
  }

  @Test
  void slackTruncatesALongStatementToFitABlock() throws Exception {
    notifier(new WebhookConfig(server.url("/"), WebhookConfig.Format.SLACK, null, null));
    String huge = "SELECT " + "x, ".repeat(3000) + "1";

    notifier.requested(pending(huge));

    String text = server.next().json().get("blocks").get(0).get("text").get("text").asText();
    assertThat(text.length()).isLessThan(3000);
    assertThat(text).contains(huge.substring(0, 2500) + "… (" + (huge.length() - 2500) + " more");
  }

  @Test
  void slackVerdictsAreOneShortLine() throws Exception {
    notifier(new WebhookConfig(server.url("/"), WebhookConfig.Format.SLACK, null, null));
    ApprovalRequest request = pending(STATEMENT);

    notifier.decided(decided(request, ApprovalVerdict.Approved.once("alice@example.com", "")));
    notifier.decided(
        decided(
            request,
            new ApprovalVerdict.Approved(
                "alice@example.com", "INC-7", "jit-ap-7k2m9q4xw3", NOON.plusSeconds(3600))));
    notifier.decided(
        decided(request, new ApprovalVerdict.Denied("alice@example.com", "not during the freeze")));
    notifier.decided(decided(request, new ApprovalVerdict.TimedOut(Duration.ofMinutes(5))));
    notifier.decided(decided(request, new ApprovalVerdict.Abandoned("cancelled by the agent")));

    String prefix = "Approval ap-7k2m9q4xw3 (support-bot, UPDATE on orders-db) ";
    List<String> texts = List.of(text(), text(), text(), text(), text());
    assertThat(texts)
        .containsExactly(
            prefix + "approved by alice@example.com",
            prefix
                + "approved by alice@example.com: INC-7; grant jit-ap-7k2m9q4xw3 in force until"
                + " 2026-06-01T13:00:00Z",
            prefix + "denied by alice@example.com: not during the freeze",
            prefix + "timed out after 5m",
            prefix + "abandoned: cancelled by the agent");
  }

  @Test
  void aWebhookGetsOnlyTheEventsItAsksFor() throws Exception {
    notifier(new WebhookConfig(server.url("/"), null, null, List.of(WebhookConfig.Event.DECIDED)));
    ApprovalRequest request = pending(STATEMENT);

    notifier.requested(request);
    notifier.decided(decided(request, new ApprovalVerdict.Abandoned("session closed")));

    assertThat(server.next().json().get("event").asText()).isEqualTo("approval.decided");
    notifier.close();
    assertThat(server.rest()).isEmpty();
  }

  private String text() throws InterruptedException {
    JsonNode body = server.next().json();
    assertThat(body.has("blocks")).isFalse();
    return body.get("text").asText();
  }
}
