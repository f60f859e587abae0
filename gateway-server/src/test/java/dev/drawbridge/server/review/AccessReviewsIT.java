package dev.drawbridge.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.policy.approval.ApprovalRequest;
import dev.drawbridge.policy.approval.DeskAnswer;
import dev.drawbridge.server.testing.GatewayYaml;
import dev.drawbridge.server.testing.TestGateway;
import dev.drawbridge.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A review campaign over real recorded activity: two agents run statements through a gateway with
 * {@code store.postgres}; once the shipper stored them, a campaign started through the admin API
 * shows each grant's evidence, its unused permissions and recommendation; decisions change a
 * run-time grant at once and produce the file's patch; the report traces its figures to events.
 */
@ExtendWith(TestPostgres.class)
class AccessReviewsIT {

  static final String SECRET = "reviews-it-secret-reviews-it-secret-0123456789";
  static final String STORE = "reviews_it";
  static final Duration WAIT = Duration.ofSeconds(60);
  static final ObjectMapper JSON = new ObjectMapper();
  static final Identity ALICE =
      new Identity(
          "alice@example.com",
          "alice@example.com",
          Set.of(),
          "drawbridge",
          AuthMethod.JWT,
          null,
          Set.of("approver"));

  @TempDir static Path dir;
  static TestPostgres.Server pg;
  static TestGateway gateway;
  static HttpClient http;

  @BeforeAll
  static void start(TestPostgres.Server server) throws Exception {
    pg = server;
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute("drop database if exists " + STORE + " with (force)");
      s.execute("create database " + STORE);
      s.execute(
          """
          drop table if exists public.rv_a, public.rv_b, public.rv_c, public.rv_secret_x;
          create table public.rv_a(id int primary key, name text, status text);
          create table public.rv_b(id int primary key, note text);
          create table public.rv_c(id int primary key);
          insert into public.rv_a values (1, 'one', 'new'), (2, 'two', 'new');
          insert into public.rv_b values (1, 'b');
          grant select, update on public.rv_a, public.rv_b, public.rv_c to app_scram;
          """);
    }
    gateway =
        TestGateway.start(
            dir,
            GatewayYaml.named("reviews-it")
                .admin()
                .store(pg, STORE)
                .shop(pg)
                .grants(
                    """
                    - id: rv-reader
                      subject: { agent: report-bot }
                      connection: shop
                      allow:
                        - { actions: [read], tables: ["public.rv_*"] }
                        - { actions: [session] }
                      owner: alice@example.com
                      reason: reports
                      expires: 2099-12-31
                    - id: rv-writer
                      subject: { agent: report-bot }
                      connection: shop
                      allow: [ { actions: [write], tables: ["public.rv_a"] } ]
                      owner: alice@example.com
                      reason: never needed
                      expires: 2099-12-31
                    - id: rv-triage
                      subject: { agent: triage-bot }
                      connection: shop
                      allow: [ { actions: [read], tables: ["public.rv_a"] } ]
                      review: [ { actions: [write], tables: ["public.rv_a"] } ]
                      owner: alice@example.com
                      reason: triage
                      expires: 2099-12-31
                    """),
            SECRET,
            pg);
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    if (http != null) {
      http.close();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void aCampaignOverRecordedActivityRecommendsAndItsDecisionsTakeEffect() throws Exception {
    // --- activity ------------------------------------------------------------------------------
    String jit;
    try (Connection report = connect("report-bot")) {
      query(report, "set statement_timeout = 0");
      query(report, "select id, name from public.rv_a");
      query(report, "select * from public.rv_b");
      query(report, "select * from public.rv_a where id = 1");
      try (Statement s = report.createStatement()) {
        s.executeQuery("select * from public.other_secret");
        throw new AssertionError("other_secret was not refused");
      } catch (SQLException refused) {
        assertThat(refused.getSQLState()).isEqualTo("42501");
      }
    }
    try (Connection triage = connect("triage-bot")) {
      query(triage, "select id from public.rv_a");
      CompletableFuture<Integer> update =
          async(triage, "update public.rv_a set status = 'held' where id = 1");
      ApprovalRequest request = awaitRequest();
      assertThat(
              gateway
                  .gateway()
                  .approvals()
                  .approve(request.id(), ALICE, Duration.ofHours(1), "batch"))
          .isInstanceOf(DeskAnswer.Done.class);
      assertThat(update.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
      jit = "jit-" + request.id();
      assertThat(
              async(triage, "update public.rv_a set status = 'jit' where id = 2")
                  .get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .isEqualTo(1);
    }
    awaitStored(
        List.of(
            "select id, name from public.rv_a",
            "select * from public.rv_b",
            "select * from public.other_secret",
            "update public.rv_a set status = 'jit' where id = 2"));
    awaitType("approval.decided");

    // --- a campaign, through the API ------------------------------------------------------------
    String reviewer = token("rita@example.com", "reviewer");
    HttpResponse<String> started =
        send(
            "POST",
            "/api/v1/reviews",
            reviewer,
            "{\"name\":\"Q4\",\"connections\":[\"shop\"],\"window\":\"1d\"}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    JsonNode campaign = JSON.readTree(started.body());
    assertThat(campaign.path("undecided").asInt()).isEqualTo(4);
    Map<String, JsonNode> items = new java.util.HashMap<>();
    campaign.path("items").forEach(i -> items.put(i.path("grant").asText(), i));
    assertThat(items.keySet())
        .containsExactlyInAnyOrder("rv-reader", "rv-writer", "rv-triage", jit);

    // the glob grant: used on rv_a and rv_b only -> narrowed to them
    JsonNode reader = items.get("rv-reader");
    assertThat(reader.path("kind").asText()).isEqualTo("file");
    assertThat(resources(reader, "read")).containsExactlyInAnyOrder("public.rv_a", "public.rv_b");
    assertThat(count(reader, "read", "public.rv_a")).isEqualTo(2);
    assertThat(count(reader, "read", "public.rv_b")).isEqualTo(1);
    assertThat(reader.path("evidence").path("denied").path("count").asInt()).isEqualTo(1);
    assertThat(reader.path("unused").toString())
        .isEqualTo(
            "[{\"rule\":0,\"action\":\"read\",\"tables\":[],\"columns\":[],"
                + "\"beyond\":[\"public.rv_*\"]}]");
    JsonNode recommendation = reader.path("recommendation");
    assertThat(recommendation.path("kind").asText()).isEqualTo("narrow");
    JsonNode allow = recommendation.path("grant").path("allow");
    assertThat(allow.size()).isEqualTo(2);
    assertThat(strings(allow.get(0).path("actions"))).containsExactly("read");
    assertThat(strings(allow.get(0).path("tables")))
        .containsExactlyInAnyOrder("public.rv_a", "public.rv_b");
    assertThat(strings(allow.get(1).path("actions"))).containsExactly("session");
    assertThat(strings(allow.get(1).path("tables"))).isEmpty();
    // every event id behind a figure is an operation that cited the grant
    List<String> ids = new ArrayList<>();
    reader
        .path("evidence")
        .path("operations")
        .forEach(o -> o.path("events").forEach(e -> ids.add(e.asText())));
    assertThat(grantsOf(ids)).containsOnly("rv-reader");

    // the grant nothing used -> revoke, every permission unused
    JsonNode writer = items.get("rv-writer");
    assertThat(writer.path("evidence").path("operationCount").asInt()).isZero();
    assertThat(writer.path("evidence").path("lastUse").isNull()).isTrue();
    assertThat(writer.path("recommendation").path("kind").asText()).isEqualTo("revoke");
    assertThat(writer.path("unused").toString())
        .isEqualTo(
            "[{\"rule\":0,\"action\":\"write\",\"tables\":[\"public.rv_a\"],"
                + "\"columns\":[],\"beyond\":[]}]");

    // the triage grant: its read used, one statement approved under its review rule
    JsonNode triage = items.get("rv-triage");
    assertThat(triage.path("evidence").path("approvals").path("approved").asInt()).isEqualTo(1);
    assertThat(triage.path("recommendation").path("kind").asText()).isEqualTo("certify");

    // the temporary grant from the approval: used for the second update
    JsonNode temporary = items.get(jit);
    assertThat(temporary.path("kind").asText()).isEqualTo("temporary");
    assertThat(resources(temporary, "write")).containsExactly("public.rv_a");
    assertThat(temporary.path("recommendation").path("kind").asText()).isEqualTo("certify");

    // --- decisions ------------------------------------------------------------------------------
    assertThat(decide(reviewer, "rv-reader", "{\"decision\":\"narrow\",\"reason\":\"Q4\"}"))
        .isEqualTo("patch");
    assertThat(decide(reviewer, "rv-writer", "{\"decision\":\"revoke\"}")).isEqualTo("patch");
    assertThat(decide(reviewer, "rv-triage", "{\"decision\":\"certify\"}")).isEqualTo("recorded");
    assertThat(decide(reviewer, jit, "{\"decision\":\"revoke\",\"reason\":\"done\"}"))
        .isEqualTo("in-force");
    HttpResponse<String> again =
        send(
            "POST",
            "/api/v1/reviews/Q4/items/rv-triage/decision",
            reviewer,
            "{\"decision\":\"revoke\"}");
    assertThat(again.statusCode()).isEqualTo(409);

    // the revoked temporary grant no longer allows: the same update is held again at once
    try (Connection t = connect("triage-bot")) {
      CompletableFuture<Integer> held =
          async(t, "update public.rv_a set status = 'after' where id = 2");
      ApprovalRequest request = awaitRequest();
      assertThat(request.grantId()).isEqualTo("rv-triage");
      gateway.gateway().approvals().deny(request.id(), ALICE, "revoked by review");
      try {
        held.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        throw new AssertionError("the update ran after its grant was revoked");
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).hasMessageContaining("revoked by review");
      }
    }

    // the file's patch: remove rv-writer, replace rv-reader with the narrowed entry
    HttpResponse<String> patch =
        send("GET", "/api/v1/reviews/Q4/patch?format=yaml", reviewer, null);
    assertThat(patch.statusCode()).isEqualTo(200);
    JsonNode yaml = new YAMLMapper().readTree(patch.body());
    assertThat(yaml.path("remove").get(0).path("id").asText()).isEqualTo("rv-writer");
    assertThat(yaml.path("remove").size()).isEqualTo(1);
    JsonNode replaced = yaml.path("replace").get(0);
    assertThat(replaced.path("id").asText()).isEqualTo("rv-reader");
    assertThat(replaced.path("subject").path("agent").asText()).isEqualTo("report-bot");
    assertThat(strings(replaced.path("allow").get(0).path("tables")))
        .containsExactlyInAnyOrder("public.rv_a", "public.rv_b");
    assertThat(replaced.path("expires").asText()).isEqualTo("2099-12-31");
    assertThat(yaml.path("set").isEmpty()).isTrue();
    assertThat(patch.body()).doesNotContain(jit);

    // every decision is an audit event
    awaitType("review.decided", 4);

    // --- the report -----------------------------------------------------------------------------
    String auditor = token("dave@example.com", "auditor");
    HttpResponse<String> reportJson = send("GET", "/api/v1/reviews/Q4/report", auditor, null);
    assertThat(reportJson.statusCode()).as(reportJson.body()).isEqualTo(200);
    JsonNode report = JSON.readTree(reportJson.body());
    Map<String, JsonNode> agents = new java.util.HashMap<>();
    report.path("agents").forEach(a -> agents.put(a.path("agent").asText(), a));
    assertThat(agents.keySet()).containsExactlyInAnyOrder("report-bot", "triage-bot");
    JsonNode reportBot = agents.get("report-bot");
    assertThat(reportBot.path("withinScope").asBoolean()).isFalse();
    JsonNode refused = reportBot.path("refused").path("attempts").get(0);
    assertThat(refused.path("statement").asText()).isEqualTo("select * from public.other_secret");
    assertThat(eventOf("select * from public.other_secret"))
        .isEqualTo(refused.path("event").asText());
    List<String> allowed = new ArrayList<>();
    reportBot.path("allowed").forEach(a -> allowed.add(a.path("grant").asText()));
    assertThat(allowed).containsExactlyInAnyOrder("rv-reader", "rv-writer");
    JsonNode triageBot = agents.get("triage-bot");
    assertThat(triageBot.path("withinScope").asBoolean()).isTrue();
    JsonNode approval = triageBot.path("approvals").path("requests").get(0);
    assertThat(approval.path("outcome").asText()).isEqualTo("approved");
    assertThat(approval.path("temporaryGrant").asText()).isEqualTo(jit);
    assertThat(typeOf(approval.path("requestEvent").asText())).isEqualTo("approval.requested");
    assertThat(typeOf(approval.path("decisionEvent").asText())).isEqualTo("approval.decided");
    List<String> did = new ArrayList<>();
    triageBot.path("did").forEach(o -> o.path("events").forEach(e -> did.add(e.asText())));
    assertThat(grantsOf(did)).containsOnly("rv-triage", jit);

    HttpResponse<String> md = send("GET", "/api/v1/reviews/Q4/report?format=md", auditor, null);
    assertThat(md.headers().firstValue("content-type").orElseThrow()).startsWith("text/markdown");
    assertThat(md.body())
        .contains("# Access review Q4")
        .contains("## Agent report-bot")
        .contains("**Within its approved scope: no**")
        .contains("`" + refused.path("event").asText() + "`")
        .contains(
            "| rv-writer | file | shop | 0 | never | write public.rv_a | revoke | revoke by rita@example.com (patch, `");
    HttpResponse<String> csv = send("GET", "/api/v1/reviews/Q4/report?format=csv", auditor, null);
    List<String> lines = csv.body().lines().toList();
    assertThat(lines.getFirst()).isEqualTo(ReportCsv.CSV_HEADER);
    assertThat(lines)
        .anyMatch(
            l ->
                l.startsWith("Q4,report-bot,refused,,shop,read,public.other_secret,,1,")
                    && l.endsWith("," + refused.path("event").asText()));
    // an auditor reads reports, but does not decide
    assertThat(
            send(
                    "POST",
                    "/api/v1/reviews/Q4/items/rv-reader/decision",
                    auditor,
                    "{\"decision\":\"certify\"}")
                .statusCode())
        .isEqualTo(403);
  }

  // --- helpers
  // ------------------------------------------------------------------------------------

  private static String decide(String token, String grant, String body) throws Exception {
    HttpResponse<String> response =
        send("POST", "/api/v1/reviews/Q4/items/" + grant + "/decision", token, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("decision").path("applied").asText();
  }

  private static List<String> resources(JsonNode item, String action) {
    List<String> names = new ArrayList<>();
    for (JsonNode op : item.path("evidence").path("operations")) {
      if (op.path("action").asText().equals(action)
          && !names.contains(op.path("resource").asText())) {
        names.add(op.path("resource").asText());
      }
    }
    return names;
  }

  private static long count(JsonNode item, String action, String resource) {
    long n = 0;
    for (JsonNode op : item.path("evidence").path("operations")) {
      if (op.path("action").asText().equals(action)
          && op.path("resource").asText().equals(resource)) {
        n += op.path("count").asLong();
      }
    }
    return n;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static Set<String> grantsOf(List<String> events) throws SQLException {
    Set<String> grants = new HashSet<>();
    try (Connection c = store();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select type, record::jsonb ->> 'grant' from audit.events where id::text in ('"
                    + String.join("','", events)
                    + "')")) {
      int n = 0;
      while (rs.next()) {
        assertThat(rs.getString(1)).isEqualTo("operation");
        grants.add(rs.getString(2));
        n++;
      }
      assertThat(n).isEqualTo(events.size());
    }
    return grants;
  }

  private static String typeOf(String event) throws SQLException {
    try (Connection c = store();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select type from audit.events where id::text = '" + event + "'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static String eventOf(String statement) throws SQLException {
    try (Connection c = store();
        java.sql.PreparedStatement s =
            c.prepareStatement(
                "select id::text from audit.events where type = 'operation'"
                    + " and record::jsonb ->> 'text' = ?")) {
      s.setString(1, statement);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static void awaitStored(List<String> statements) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Set<String> stored = new HashSet<>();
      try (Connection c = store();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "select record::jsonb ->> 'text' from audit.events where type = 'operation'")) {
        while (rs.next()) {
          stored.add(rs.getString(1));
        }
      } catch (SQLException e) {
        // not migrated yet
      }
      if (stored.containsAll(statements)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the shipper never stored " + statements);
  }

  private static void awaitType(String type) throws InterruptedException {
    awaitType(type, 1);
  }

  private static void awaitType(String type, int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection c = store();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("select count(*) from audit.events where type = '" + type + "'")) {
        rs.next();
        if (rs.getInt(1) >= count) {
          return;
        }
      } catch (SQLException e) {
        // not migrated yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + count + " " + type + " event(s) stored");
  }

  private static Connection store() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + STORE, pg.user(), pg.password());
  }

  private static ApprovalRequest awaitRequest() throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<ApprovalRequest> pending = gateway.gateway().approvals().list(false);
      if (!pending.isEmpty()) {
        return pending.getFirst();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no approval request within " + WAIT);
  }

  private static void query(Connection agent, String sql) throws SQLException {
    try (Statement s = agent.createStatement()) {
      s.execute(sql);
    }
  }

  private static CompletableFuture<Integer> async(Connection agent, String sql) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Statement s = agent.createStatement()) {
            return s.executeUpdate(sql);
          } catch (SQLException e) {
            throw new CompletionException(e);
          }
        });
  }

  private static String token(String subject, String role) {
    return gateway.adminToken(subject, role);
  }

  private static HttpResponse<String> send(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(gateway.adminUrl() + path))
            .header("Authorization", "Bearer " + token)
            .timeout(WAIT);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Connection connect(String agent) throws SQLException {
    return gateway.connect(agent);
  }
}
