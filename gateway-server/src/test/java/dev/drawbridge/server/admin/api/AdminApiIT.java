package dev.drawbridge.server.admin.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.policy.approval.PolicyStore;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin API over real HTTP on loopback, with real JWTs and a fake desk behind it. */
class AdminApiIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static AdminApiFixture gateway;
  private static HttpClient client;

  private static String approver;
  private static String auditor;
  private static String reviewer;
  private static String admin;

  @BeforeAll
  static void start() {
    gateway = AdminApiFixture.start();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    approver = gateway.token("carol@example.com", "approver");
    auditor = gateway.token("dave@example.com", "auditor");
    reviewer = gateway.token("erin@example.com", "reviewer");
    admin = gateway.token("root@example.com", "admin");
  }

  @AfterAll
  static void stop() {
    client.close();
    gateway.close();
  }

  // --- authentication --------------------------------------------------------------------------

  @Test
  void withoutATokenItIs401WithABearerChallenge() throws Exception {
    HttpResponse<String> response = send("GET", "/api/v1/approvals", null, null);

    assertProblem(response, 401, "Unauthorized");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"drawbridge\"");
    assertThat(detail(response)).contains("Authorization: Bearer <JWT>").contains("roles");
  }

  @Test
  void aGarbageTokenIs401WithTheAuthenticatorsReason() throws Exception {
    HttpResponse<String> response = send("GET", "/api/v1/approvals", "eyJhbGciOi.garbage.x", null);

    assertProblem(response, 401, "Unauthorized");
    assertThat(detail(response)).startsWith("token rejected: malformed token");
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer realm=\"drawbridge\", error=\"invalid_token\", error_description=\"")
        .contains("malformed token");
  }

  @Test
  void anExpiredTokenIs401AndSaysWhen() throws Exception {
    HttpResponse<String> response =
        send(
            "GET",
            "/api/v1/approvals",
            gateway.expiredToken("carol@example.com", "approver"),
            null);

    assertProblem(response, 401, "Unauthorized");
    assertThat(detail(response)).startsWith("token rejected: token expired at ");
  }

  @Test
  void anAgentKeyIsRefusedEvenThoughTheAuthenticatorKnowsIt() throws Exception {
    HttpResponse<String> response =
        send("GET", "/api/v1/approvals", AdminApiFixture.AGENT_KEY, null);

    assertProblem(response, 401, "Unauthorized");
    assertThat(detail(response)).startsWith("agent keys cannot call the admin API").contains("JWT");
  }

  @Test
  void anUnknownKeyLikeStringSaysAJwtIsNeeded() throws Exception {
    HttpResponse<String> response = send("GET", "/api/v1/approvals", "not-a-jwt", null);

    assertProblem(response, 401, "Unauthorized");
    assertThat(detail(response)).contains("agent key not recognised").contains("need a JWT");
  }

  @Test
  void anotherAuthorizationSchemeIs401() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri("/api/v1/approvals"))
            .header("Authorization", "Basic YWxpY2U6c2VjcmV0")
            .GET()
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertProblem(response, 401, "Unauthorized");
    assertThat(detail(response)).contains("must be 'Bearer <JWT>'");
  }

  // --- roles -----------------------------------------------------------------------------------

  @Test
  void aTokenWithoutTheRoleIs403AndNamesTheRoleNeeded() throws Exception {
    String id = hold("agent-403");

    HttpResponse<String> auditorApproves =
        send("POST", "/api/v1/approvals/" + id + "/approve", auditor, "{}");
    assertProblem(auditorApproves, 403, "Forbidden");
    assertThat(detail(auditorApproves))
        .isEqualTo(
            "approving a request needs the role 'approver' (or 'admin'); 'dave@example.com' has"
                + " the roles auditor");

    HttpResponse<String> noRoles =
        send("GET", "/api/v1/approvals", gateway.token("support-bot"), null);
    assertProblem(noRoles, 403, "Forbidden");
    assertThat(detail(noRoles)).contains("'approver' or 'auditor'").contains("has no roles");

    assertProblem(send("GET", "/api/v1/approvals", reviewer, null), 403, "Forbidden");
    assertProblem(
        send("DELETE", "/api/v1/grants/tmp-x?reason=r", approver, null), 403, "Forbidden");
    assertThat(gateway.desks().find(id).orElseThrow().status()).isEqualTo("pending");
  }

  @Test
  void eachRoleReadsWhatItMay() throws Exception {
    assertThat(send("GET", "/api/v1/approvals", approver, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/approvals", auditor, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/approvals", admin, null).statusCode()).isEqualTo(200);
    for (String token : new String[] {auditor, reviewer, approver, admin}) {
      assertThat(send("GET", "/api/v1/grants", token, null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theDeskRefusingSelfApprovalIs403() throws Exception {
    String id = hold("carol@example.com");

    HttpResponse<String> response =
        send("POST", "/api/v1/approvals/" + id + "/approve", approver, "{}");

    assertProblem(response, 403, "Forbidden");
    assertThat(detail(response))
        .isEqualTo("'carol@example.com' cannot decide a request of their own");
  }

  // --- approvals -------------------------------------------------------------------------------

  @Test
  void approvingOnceLetsThisStatementRunAndRecordsTheCaller() throws Exception {
    String id = hold("support-bot");

    HttpResponse<String> response =
        send(
            "POST",
            "/api/v1/approvals/" + id + "/approve",
            approver,
            "{\"reason\":\"refund agreed in SUP-9\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode approval = JSON.readTree(response.body());
    assertThat(approval.get("id").asText()).isEqualTo(id);
    assertThat(approval.get("status").asText()).isEqualTo("approved");
    assertThat(approval.get("approver").asText()).isEqualTo("carol@example.com");
    assertThat(approval.get("decisionReason").asText()).isEqualTo("refund agreed in SUP-9");
    assertThat(approval.has("temporaryGrant")).isFalse();
    assertThat(approval.has("until")).isFalse();
    assertThat(gateway.desks().lastCaller().subject()).isEqualTo("carol@example.com");
    assertThat(gateway.desks().lastCaller().roles()).containsExactly("approver");
    assertThat(gateway.desks().lastThread()).doesNotStartWith(AdminApiFixture.LOOP_NAME);
  }

  @Test
  void approvingForAnHourCreatesATemporaryGrantThatAnAdminRevokes() throws Exception {
    String id = hold("support-bot");

    HttpResponse<String> approved =
        send(
            "POST",
            "/api/v1/approvals/" + id + "/approve",
            approver,
            "{\"for\":\"1h\",\"reason\":\"incident INC-7\"}");

    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    JsonNode approval = JSON.readTree(approved.body());
    String grant = approval.get("temporaryGrant").asText();
    assertThat(grant).isEqualTo("tmp-" + id);
    assertThat(Instant.parse(approval.get("until").asText()))
        .isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));

    JsonNode grants = JSON.readTree(send("GET", "/api/v1/grants", reviewer, null).body());
    assertThat(grants.get("configured").get(0).get("id").asText()).isEqualTo("support-orders");
    assertThat(grants.get("configured").get(0).get("expires").asText()).isEqualTo("2027-03-31");
    assertThat(grants.get("configured").get(0).get("review").get(0).get("timeout").asText())
        .isEqualTo("PT5M");
    JsonNode temporary = find(grants.get("temporary"), grant);
    assertThat(temporary.get("subject").get("agent").asText()).isEqualTo("support-bot");
    assertThat(temporary.get("allow").get(0).get("actions").get(0).asText()).isEqualTo("write");
    assertThat(temporary.get("creator").asText()).isEqualTo("carol@example.com");
    assertThat(temporary.get("approval").asText()).isEqualTo(id);
    assertThat(temporary.get("expiresAt").asText()).isEqualTo(approval.get("until").asText());

    HttpResponse<String> revoked =
        send("DELETE", "/api/v1/grants/" + grant, admin, "{\"reason\":\"incident over\"}");
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(JSON.readTree(revoked.body()).get("id").asText()).isEqualTo(grant);
    assertThat(gateway.desks().lastCaller().subject()).isEqualTo("root@example.com");
    JsonNode after = JSON.readTree(send("GET", "/api/v1/grants", reviewer, null).body());
    assertThat(find(after.get("temporary"), grant)).isNull();

    assertProblem(
        send("DELETE", "/api/v1/grants/" + grant + "?reason=again", admin, null), 404, "Not Found");
  }

  @Test
  void revokeTakesItsReasonFromTheQueryToo() throws Exception {
    String id = hold("support-bot");
    send(
        "POST",
        "/api/v1/approvals/" + id + "/approve",
        approver,
        "{\"for\":\"30m\",\"reason\":\"r\"}");

    HttpResponse<String> revoked =
        send("DELETE", "/api/v1/grants/tmp-" + id + "?reason=no+longer+needed", admin, null);

    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
  }

  @Test
  void aFileGrantCannotBeRevoked() throws Exception {
    HttpResponse<String> response =
        send("DELETE", "/api/v1/grants/support-orders", admin, "{\"reason\":\"x\"}");

    assertProblem(response, 409, "Conflict");
    assertThat(detail(response)).contains("configuration file");
  }

  @Test
  void denyingTellsTheReasonAndASecondDecisionIs409() throws Exception {
    String id = hold("support-bot");

    HttpResponse<String> denied =
        send(
            "POST",
            "/api/v1/approvals/" + id + "/deny",
            approver,
            "{\"reason\":\"use the refund API\"}");

    assertThat(denied.statusCode()).as(denied.body()).isEqualTo(200);
    JsonNode approval = JSON.readTree(denied.body());
    assertThat(approval.get("status").asText()).isEqualTo("denied");
    assertThat(approval.get("decisionReason").asText()).isEqualTo("use the refund API");

    HttpResponse<String> again =
        send("POST", "/api/v1/approvals/" + id + "/approve", approver, null);
    assertProblem(again, 409, "Conflict");
    assertThat(detail(again)).contains("denied already");
  }

  @Test
  void listShowsPendingOnesAndWithStatusAllDecidedOnesToo() throws Exception {
    String pending = hold("support-bot");
    String decided = hold("support-bot");
    send("POST", "/api/v1/approvals/" + decided + "/deny", approver, "{\"reason\":\"no\"}");

    JsonNode list = JSON.readTree(send("GET", "/api/v1/approvals", auditor, null).body());
    assertThat(find(list.get("approvals"), pending)).isNotNull();
    assertThat(find(list.get("approvals"), decided)).isNull();

    JsonNode all = JSON.readTree(send("GET", "/api/v1/approvals?status=all", auditor, null).body());
    assertThat(find(all.get("approvals"), decided).get("status").asText()).isEqualTo("denied");
  }

  @Test
  void oneApprovalHasEveryDocumentedField() throws Exception {
    String id = hold("support-bot");

    HttpResponse<String> response = send("GET", "/api/v1/approvals/" + id, auditor, null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode approval = JSON.readTree(response.body());
    Set<String> fields = new HashSet<>();
    approval.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactlyInAnyOrder(
            "id",
            "session",
            "sequence",
            "agent",
            "subject",
            "connection",
            "action",
            "verb",
            "resources",
            "statement",
            "statementSha256",
            "grant",
            "reason",
            "requestedAt",
            "deadline",
            "status");
    assertThat(approval.get("statement").asText()).contains("\n   SET status = 'refunded'");
    assertThat(approval.get("sequence").asLong()).isEqualTo(7);
    assertThat(approval.get("requestedAt").asText()).endsWith("Z");
  }

  @Test
  void headAnswersLikeGetWithoutABody() throws Exception {
    HttpResponse<String> response = send("HEAD", "/api/v1/approvals", auditor, null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  // --- not found, wrong method, bad input --------------------------------------------------------

  @Test
  void anUnknownIdIs404() throws Exception {
    assertProblem(send("GET", "/api/v1/approvals/nope", auditor, null), 404, "Not Found");
    HttpResponse<String> approve = send("POST", "/api/v1/approvals/nope/approve", approver, null);
    assertProblem(approve, 404, "Not Found");
    assertThat(detail(approve)).isEqualTo("no approval request 'nope'");
  }

  @Test
  void anUnknownPathIs404AndPointsAtTheDescription() throws Exception {
    HttpResponse<String> response = send("GET", "/api/v1/approvalz", approver, null);

    assertProblem(response, 404, "Not Found");
    assertThat(detail(response)).contains("/api/v1/openapi.json");
  }

  @Test
  void aWrongMethodIs405WithAllow() throws Exception {
    HttpResponse<String> response = send("DELETE", "/api/v1/approvals", admin, null);

    assertProblem(response, 405, "Method Not Allowed");
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void aMalformedBodyIs400AndSaysWhere() throws Exception {
    String id = hold("support-bot");

    HttpResponse<String> response =
        send("POST", "/api/v1/approvals/" + id + "/approve", approver, "{\"for\": \"1h\",");

    assertProblem(response, 400, "Bad Request");
    assertThat(detail(response)).startsWith("the body is not valid JSON: ").contains("line 1");
    assertThat(gateway.desks().find(id).orElseThrow().status()).isEqualTo("pending");
  }

  @Test
  void badShapesAndValuesAre400() throws Exception {
    String id = hold("support-bot");
    String approve = "/api/v1/approvals/" + id + "/approve";

    assertThat(detail(send("POST", approve, approver, "[1]")))
        .startsWith("the body must be a JSON object");
    assertThat(detail(send("POST", approve, approver, "{\"fro\":\"1h\"}")))
        .isEqualTo("unknown field 'fro' in the body; the fields are: for, reason");
    assertThat(detail(send("POST", approve, approver, "{\"for\":60}")))
        .isEqualTo("'for' must be a string, not a number");
    assertThat(detail(send("POST", approve, approver, "{\"for\":\"soon\",\"reason\":\"r\"}")))
        .startsWith("'for': 'soon' is not a duration such as");
    assertThat(detail(send("POST", approve, approver, "{\"for\":\"0s\",\"reason\":\"r\"}")))
        .contains("longer than zero");
    assertThat(detail(send("POST", approve, approver, "{\"for\":\"1h\",\"for\":\"2h\"}")))
        .contains("Duplicate field 'for'");
    assertThat(detail(send("POST", "/api/v1/approvals/" + id + "/deny", approver, "{}")))
        .startsWith("a reason is required to deny");
    assertThat(detail(send("DELETE", "/api/v1/grants/tmp-x", admin, null)))
        .startsWith("a reason is required to revoke a grant");
    assertThat(detail(send("GET", "/api/v1/approvals?status=old", auditor, null)))
        .contains("'pending' (the default) or 'all'");
    assertThat(gateway.desks().find(id).orElseThrow().status()).isEqualTo("pending");
  }

  @Test
  void theDesksInvalidAnswerIs400() throws Exception {
    String id = hold("support-bot");

    HttpResponse<String> response =
        send(
            "POST",
            "/api/v1/approvals/" + id + "/approve",
            approver,
            "{\"for\":\"2d\",\"reason\":\"r\"}");

    assertProblem(response, 400, "Bad Request");
    assertThat(detail(response)).contains("at most 24h");
  }

  @Test
  void aBodyOverTheListenersLimitIs400() throws Exception {
    String id = hold("support-bot");
    String huge = "{\"reason\":\"" + "x".repeat(20_000) + "\"}";

    HttpResponse<String> response =
        send("POST", "/api/v1/approvals/" + id + "/deny", approver, huge);

    assertProblem(response, 400, "Bad Request");
    assertThat(detail(response)).contains("larger than the admin listener's limit of 16384 bytes");
    assertThat(gateway.desks().find(id).orElseThrow().status()).isEqualTo("pending");
  }

  @Test
  void aBodyThatIsNotJsonIs415() throws Exception {
    String id = hold("support-bot");
    HttpRequest request =
        HttpRequest.newBuilder(uri("/api/v1/approvals/" + id + "/deny"))
            .header("Authorization", "Bearer " + approver)
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("reason=no"))
            .build();

    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertProblem(response, 415, "Unsupported Media Type");
    assertThat(detail(response)).contains("application/json").contains("text/plain");
  }

  @Test
  void aDeskFailureIs500WithoutItsMessage() throws Exception {
    gateway.desks().failNext(new IllegalStateException("jdbc:postgresql://db?password=hunter2"));

    HttpResponse<String> response = send("GET", "/api/v1/approvals", auditor, null);

    assertProblem(response, 500, "Internal Server Error");
    assertThat(response.body()).doesNotContain("hunter2").doesNotContain("IllegalStateException");
  }

  @Test
  void aStoreThatCannotBeReachedIs503WithoutItsMessage() throws Exception {
    gateway
        .desks()
        .failNext(
            new PolicyStore.Unavailable(
                "jdbc:postgresql://db?password=hunter2 refused", new java.sql.SQLException()));

    HttpResponse<String> response = send("GET", "/api/v1/approvals", auditor, null);

    assertProblem(response, 503, "Service Unavailable");
    assertThat(response.body()).contains("policy store").doesNotContain("hunter2");
  }

  // --- open endpoints --------------------------------------------------------------------------

  @Test
  void theDescriptionIsOpenAndDescribesEveryRoute() throws Exception {
    HttpResponse<String> response = send("GET", "/api/v1/openapi.json", null, null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode doc = JSON.readTree(response.body());
    assertThat(doc.get("openapi").asText()).startsWith("3.1");
    for (Route route : new AdminApi(null, null, null, Runnable::run).routes()) {
      assertThat(
              doc.path("paths").path(route.template()).has(route.method().toLowerCase(Locale.ROOT)))
          .as(route.method() + " " + route.template())
          .isTrue();
    }
  }

  @Test
  void healthAndReadinessStayOpen() throws Exception {
    assertThat(send("GET", "/healthz", null, null).body()).isEqualTo("{\"status\":\"ok\"}\n");
    assertThat(send("GET", "/readyz", null, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/metrics", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void withoutDesksTheApiIs503() throws Exception {
    try (AdminApiFixture bare = AdminApiFixture.withoutDesks()) {
      HttpResponse<String> approvals =
          client.send(
              HttpRequest.newBuilder(bare.base().resolve("/api/v1/approvals"))
                  .header("Authorization", "Bearer " + bare.token("carol@example.com", "approver"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertProblem(approvals, 503, "Service Unavailable");
      assertThat(detail(approvals)).startsWith("approvals are not enabled");
      HttpResponse<String> description =
          client.send(
              HttpRequest.newBuilder(bare.base().resolve("/api/v1/openapi.json")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(description.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderEvenWhenTheFirstIsSlow() throws Exception {
    gateway.desks().delayNext(Duration.ofMillis(500));
    String requests =
        "GET /api/v1/approvals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + auditor
            + "\r\n\r\n"
            + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    String answers;
    try (Socket socket = new Socket("127.0.0.1", gateway.base().getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    int approvals = answers.indexOf("{\"approvals\":");
    int health = answers.indexOf("{\"status\":\"ok\"}");
    assertThat(approvals).as(answers).isNotNegative();
    assertThat(health).as(answers).isGreaterThan(approvals);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static int held;

  private static synchronized String hold(String agent) {
    String id = "apr-" + (++held);
    gateway.desks().hold(id, agent);
    return id;
  }

  private static URI uri(String path) {
    return gateway.base().resolve(path);
  }

  private static HttpResponse<String> send(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertProblem(HttpResponse<String> response, int status, String title)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("type").asText()).isEqualTo("about:blank");
    assertThat(problem.get("title").asText()).isEqualTo(title);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("detail").asText()).isNotBlank();
    assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  private static String detail(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    return JSON.readTree(response.body()).get("detail").asText();
  }

  private static JsonNode find(JsonNode array, String id) {
    for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
      JsonNode node = it.next();
      if (node.get("id").asText().equals(id)) {
        return node;
      }
    }
    return null;
  }
}
