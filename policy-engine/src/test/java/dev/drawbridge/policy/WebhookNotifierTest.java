package dev.drawbridge.policy;

import static dev.drawbridge.policy.Fixtures.NOON;
import static dev.drawbridge.policy.Fixtures.SUPPORT_BOT;
import static dev.drawbridge.policy.Fixtures.grant;
import static dev.drawbridge.policy.Fixtures.operation;
import static dev.drawbridge.policy.Fixtures.rule;
import static dev.drawbridge.policy.Fixtures.table;
import static dev.drawbridge.policy.WebhookPayloadTest.decided;
import static dev.drawbridge.policy.WebhookPayloadTest.pending;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.config.ApprovalsConfig;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.WebhookConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.ApprovalVerdict;
import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.ports.AuditReceipt;
import dev.drawbridge.core.ports.PendingApproval;
import dev.drawbridge.policy.approval.ApprovalRequest;
import dev.drawbridge.policy.approval.DeskAnswer;
import dev.drawbridge.policy.approval.JitApprovals;
import dev.drawbridge.policy.approval.MemoryPolicyStore;
import dev.drawbridge.policy.approval.RunTimeGrants;
import dev.drawbridge.policy.approval.notify.WebhookNotifier;
import dev.drawbridge.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How webhook notifications are delivered: retried on 5xx, 429 and connection errors, given up on
 * other answers, never in the caller's way, dropped (and counted) when a webhook falls behind.
 */
@Timeout(60)
class WebhookNotifierTest {

  static final String STATEMENT = WebhookPayloadTest.STATEMENT;

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final WebhookServer server;
  WebhookNotifier notifier;

  WebhookNotifierTest() throws Exception {
    server = new WebhookServer();
  }

  @AfterEach
  void stop() {
    server.release();
    if (notifier != null) {
      notifier.close();
    }
    server.close();
  }

  private WebhookNotifier notifier(String url, int queueCapacity, Duration drainTimeout) {
    notifier =
        new WebhookNotifier(
            List.of(new WebhookConfig(url, null, null, null)),
            "prod-eu-1",
            new WebhookNotifier.Options(
                queueCapacity, 4, Duration.ofMillis(10), Duration.ofSeconds(30), drainTimeout),
            registry);
    return notifier;
  }

  private WebhookNotifier notifier() {
    return notifier(server.url("/hook"), 100, Duration.ofSeconds(5));
  }

  @Test
  void a503OrA429IsRetriedUntilTheWebhookTakesIt() throws Exception {
    server.answer(503, 429);
    notifier().requested(pending(STATEMENT));

    byte[] body = server.next().body();
    assertThat(server.next().body()).isEqualTo(body);
    assertThat(server.next().body()).isEqualTo(body);
    awaitCount("sent", 1);
    assertThat(count("failed")).isZero();
    assertThat(server.rest()).isEmpty();
  }

  @Test
  void a400IsNotRetried() throws Exception {
    server.answer(400);
    ApprovalRequest request = pending(STATEMENT);
    notifier().requested(request);
    notifier.decided(decided(request, new ApprovalVerdict.Abandoned("session closed")));

    assertThat(server.next().json().get("event").asText()).isEqualTo("approval.requested");
    // a webhook's notifications go out in order: a retry would come before the verdict
    assertThat(server.next().json().get("event").asText()).isEqualTo("approval.decided");
    awaitCount("sent", 1);
    assertThat(count("failed")).isEqualTo(1);
  }

  @Test
  void aNotificationIsGivenUpAfterItsAttempts() throws Exception {
    server.answer(500, 502, 503, 504);
    ApprovalRequest request = pending(STATEMENT);
    notifier().requested(request);
    notifier.decided(decided(request, new ApprovalVerdict.Abandoned("session closed")));

    for (int attempt = 1; attempt <= 4; attempt++) {
      assertThat(server.next().json().get("event").asText()).isEqualTo("approval.requested");
    }
    assertThat(server.next().json().get("event").asText()).isEqualTo("approval.decided");
    awaitCount("sent", 1);
    assertThat(count("failed")).isEqualTo(1);
  }

  @Test
  void aWebhookThatIsDownCountsAFailureAndHoldsNobodyUp() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    notifier("http://127.0.0.1:" + port + "/hook", 100, Duration.ofSeconds(5));
    ApprovalRequest request = pending(STATEMENT);

    notifier.requested(request);
    notifier.decided(decided(request, new ApprovalVerdict.Abandoned("session closed")));

    awaitCount("failed", 2);
    assertThat(count("sent")).isZero();
  }

  @Test
  void aWebhookThatNeverAnswersDoesNotBlockTheCaller() throws Exception {
    server.hold();
    ApprovalRequest request = pending(STATEMENT);

    notifier().requested(request);
    assertThat(server.next().json().get("event").asText()).isEqualTo("approval.requested");
    notifier.decided(decided(request, ApprovalVerdict.Approved.once("alice@example.com", "")));

    // both calls returned while the webhook still holds the first notification
    assertThat(server.holding()).isTrue();
    assertThat(count("sent")).isZero();
    server.release();
    assertThat(server.next().json().get("event").asText()).isEqualTo("approval.decided");
    awaitCount("sent", 2);
  }

  @Test
  void aFullQueueDropsTheNewNotificationAndCountsIt() throws Exception {
    server.hold();
    notifier(server.url("/hook"), 1, Duration.ofSeconds(5));

    notifier.requested(pending("SELECT 1"));
    assertThat(server.next().json().get("approval").get("statement").asText())
        .isEqualTo("SELECT 1");
    notifier.requested(pending("SELECT 2")); // waits in the queue (capacity 1)
    notifier.requested(pending("SELECT 3")); // no room: dropped at once

    assertThat(count("dropped")).isEqualTo(1);
    server.release();
    assertThat(server.next().json().get("approval").get("statement").asText())
        .isEqualTo("SELECT 2");
    awaitCount("sent", 2);
    notifier.close();
    assertThat(server.rest()).isEmpty();
    assertThat(count("dropped")).isEqualTo(1);
  }

  @Test
  void closeStopsAWebhookThatHangsAndCountsWhatItDropped() throws Exception {
    server.hold();
    notifier(server.url("/hook"), 10, Duration.ZERO);
    notifier.requested(pending("SELECT 1"));
    server.next();
    notifier.requested(pending("SELECT 2"));

    notifier.close();

    awaitCount("dropped", 2); // the one in flight and the one queued
    notifier.requested(pending("SELECT 3"));
    assertThat(count("dropped")).isEqualTo(3);
    assertThat(count("sent")).isZero();
  }

  @Test
  void throughTheBrokerTheWebhookHearsOfTheRequestThenOfItsApproval() throws Exception {
    MutableClock clock = new MutableClock(NOON);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      GrantConfig triage =
          grant("triage").allow(rule("read")).review(rule("write", "public.orders")).config();
      GrantAuthorizer authorizer = GrantAuthorizer.from(List.of(triage), clock);
      MemoryPolicyStore store = new MemoryPolicyStore();
      RunTimeGrants grants =
          new RunTimeGrants(
              List.of(triage), authorizer, store, event -> AuditReceipt.WRITTEN, clock);
      JitApprovals broker =
          new JitApprovals(
              new ApprovalsConfig(Duration.ofMinutes(5), Duration.ofHours(8)),
              store,
              grants,
              timer,
              Runnable::run,
              clock,
              notifier());
      var update = operation(SUPPORT_BOT, Action.WRITE, table("public.orders", "status"));

      PendingApproval pending = broker.request(update, (Decision.Review) authorizer.decide(update));
      JsonNode requested = server.next().json();
      assertThat(requested.get("event").asText()).isEqualTo("approval.requested");
      assertThat(requested.get("approval").get("id").asText()).isEqualTo(pending.id());
      assertThat(requested.get("approval").get("grant").asText()).isEqualTo("triage");

      Identity alice =
          new Identity(
              "alice@example.com",
              "alice@example.com",
              Set.of(),
              "drawbridge",
              AuthMethod.JWT,
              null,
              Set.of("approver"));
      assertThat(broker.approve(pending.id(), alice, null, "looks fine"))
          .isInstanceOf(DeskAnswer.Done.class);
      JsonNode approved = server.next().json();
      assertThat(approved.get("event").asText()).isEqualTo("approval.decided");
      assertThat(approved.get("approval").get("id").asText()).isEqualTo(pending.id());
      assertThat(approved.get("approval").get("status").asText()).isEqualTo("approved");
      assertThat(approved.get("approval").get("approver").asText()).isEqualTo("alice@example.com");
      assertThat(approved.get("approval").get("decisionReason").asText()).isEqualTo("looks fine");
    } finally {
      timer.shutdownNow();
    }
  }

  private double count(String outcome) {
    return registry.counter(WebhookNotifier.NOTIFICATIONS, "outcome", outcome).count();
  }

  /** Waits for a count that a webhook thread reaches after the server answered. */
  private void awaitCount(String outcome, double expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (count(outcome) < expected && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(count(outcome)).isEqualTo(expected);
  }
}
