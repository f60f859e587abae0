package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.server.testing.GatewayYaml;
import dev.drawbridge.server.testing.TestGateway;
import dev.drawbridge.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail over the admin API: sessions and events recorded by the real gateway, shipped to
 * its store, read back paged and filtered by an auditor; other roles are refused.
 */
@ExtendWith(TestPostgres.class)
class AuditApiIT {

  static final String SECRET = "audit-api-it-secret-audit-api-it-secret-012";
  static final String STORE = "audit_api_it";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  static TestGateway started;
  static Gateway gateway;
  static TestPostgres.Server pg;

  @BeforeAll
  static void start(TestPostgres.Server server) throws Exception {
    pg = server;
    AuditDatabases.recreate(pg, STORE);
    started =
        TestGateway.start(
            dir,
            GatewayYaml.named("audit-api-it")
                .admin()
                .shop(pg)
                .store(pg, STORE)
                .grants(
                    """
                    - id: shop-read
                      subject: { agent: reader-bot }
                      connection: shop
                      allow: [ { actions: [read, session] } ]
                      owner: alice@example.com
                      reason: audit api
                      expires: 2099-12-31
                    """),
            SECRET,
            pg);
    gateway = started.gateway();
    try (Connection agent = started.connect("reader-bot");
        Statement s = agent.createStatement()) {
      for (int i = 1; i <= 3; i++) {
        s.executeQuery("select " + i + " as audit_api_it").close();
      }
      s.executeQuery("select count(*) from pg_catalog.pg_class").close();
    }
    AuditDatabases.awaitStored(
        pg,
        STORE,
        List.of("select 1 as audit_api_it", "select 3 as audit_api_it"),
        Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (started != null) {
      started.close();
    }
  }

  @Test
  void anAuditorListsSessionsAndReadsOnesEvents() throws Exception {
    String auditor = token("carol@example.com", "auditor");
    JsonNode sessions = get("/api/v1/sessions?agent=reader-bot&since=1h", auditor, 200);
    JsonNode session = sessions.path("sessions").get(0);
    assertThat(session.path("agent").asText()).isEqualTo("reader-bot");
    assertThat(session.path("connection").asText()).isEqualTo("shop");
    assertThat(session.path("operations").asLong()).isGreaterThanOrEqualTo(4);

    JsonNode events =
        get("/api/v1/sessions/" + session.path("session").asText() + "/events", auditor, 200);
    List<String> texts = new ArrayList<>();
    events.path("events").forEach(e -> texts.add(e.path("record").path("text").asText()));
    assertThat(texts).contains("select 2 as audit_api_it");
    List<String> types = new ArrayList<>();
    events.path("events").forEach(e -> types.add(e.path("type").asText()));
    assertThat(types).contains("session.start", "operation", "operation.result");
    assertThat(get("/api/v1/sessions?agent=nobody", auditor, 200).path("sessions")).isEmpty();
  }

  @Test
  void eventsArePagedInTimeOrderAndFilteredByType() throws Exception {
    String auditor = token("carol@example.com", "auditor");
    JsonNode first = get("/api/v1/events?type=operation&agent=reader-bot&limit=2", auditor, 200);
    assertThat(first.path("events")).hasSize(2);
    String after = first.path("nextAfter").asText();
    assertThat(after).isEqualTo(first.path("events").get(1).path("id").asText());
    JsonNode second =
        get("/api/v1/events?type=operation&agent=reader-bot&limit=2&after=" + after, auditor, 200);
    assertThat(second.path("events")).isNotEmpty();
    String lastOfFirst = first.path("events").get(1).path("time").asText();
    second
        .path("events")
        .forEach(
            e -> {
              assertThat(e.path("type").asText()).isEqualTo("operation");
              assertThat(e.path("time").asText()).isGreaterThanOrEqualTo(lastOfFirst);
              assertThat(e.path("id").asText()).isNotEqualTo(after);
            });
  }

  @Test
  void otherRolesAndBadQueriesAreRefused() throws Exception {
    get("/api/v1/sessions", token("alice@example.com", "approver"), 403);
    get("/api/v1/events", null, 401);
    String auditor = token("carol@example.com", "auditor");
    get("/api/v1/events?limit=5000", auditor, 400);
    get("/api/v1/sessions/not-a-uuid/events", auditor, 400);
    get("/api/v1/sessions/01a2aaaa-0000-7000-8000-000000000000/events", auditor, 404);
    get("/api/v1/events?after=01a2aaaa-0000-7000-8000-000000000000", auditor, 400);
  }

  private static JsonNode get(String path, String token, int status) throws Exception {
    int port = gateway.adminAddress().orElseThrow().getPort();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  private static String token(String subject, String role) {
    return started.adminToken(subject, role);
  }
}
