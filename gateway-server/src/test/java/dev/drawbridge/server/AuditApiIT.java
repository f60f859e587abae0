package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.Environment;
import dev.drawbridge.core.identity.TokenMinter;
import dev.drawbridge.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
  static Gateway gateway;
  static DrawbridgeConfig config;
  static TestPostgres.Server pg;

  @BeforeAll
  static void start(TestPostgres.Server server) throws Exception {
    pg = server;
    AuditDatabases.recreate(pg, STORE);
    Path file = dir.resolve("drawbridge.yaml");
    Files.writeString(
        file,
        """
        gateway: { name: audit-api-it, shutdownTimeout: 2s }
        audit: { journal: journal }
        admin: { bind: "127.0.0.1:0" }
        listeners:
          postgres: { bind: "127.0.0.1:0", allowPlaintext: true }
        identity:
          issuers:
            - { issuer: drawbridge, hmacSecret: "${env:SECRET}", audience: drawbridge }
        store:
          postgres:
            url: "jdbc:postgresql://%s:%d/%s"
            username: %s
            password: "${env:STORE_PASSWORD}"
        connections:
          - name: shop
            type: postgres
            upstream: { host: %s, port: %d, database: %s, tls: disable }
            credential: { username: app_scram, password: app-scram-pw }
        grants:
          - id: shop-read
            subject: { agent: reader-bot }
            connection: shop
            allow: [ { actions: [read, session] } ]
            owner: alice@example.com
            reason: audit api
            expires: 2099-12-31
        """
            .formatted(
                pg.host(), pg.port(), STORE, pg.user(), pg.host(), pg.port(), pg.database()));
    config =
        ConfigLoader.load(
                file, Environment.of(Map.of("SECRET", SECRET, "STORE_PASSWORD", pg.password())))
            .config();
    gateway = Gateway.start(config, Clock.systemUTC());
    try (Connection agent = connect();
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
    if (gateway != null) {
      gateway.close();
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
    assertThat(events.path("events").get(0).path("type").asText()).isEqualTo("session.start");
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
    return TokenMinter.forIssuer(config.identity().issuers().getFirst())
        .mint(subject, subject, List.of(), List.of(role), Duration.ofMinutes(10));
  }

  private static Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "reader-bot");
    props.setProperty(
        "password",
        TokenMinter.forIssuer(config.identity().issuers().getFirst())
            .mint("reader-bot", List.of(), Duration.ofHours(1)));
    props.setProperty("sslmode", "disable");
    int port = gateway.listenerAddresses().get("postgres").getPort();
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/shop", props);
  }
}
