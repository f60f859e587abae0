package dev.drawbridge.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.model.Resource;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.core.model.TimeOrderedIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drawbridge policy simulate} over a journal alone: its exit status gates a change, its
 * three formats say the same, and its options choose what is replayed.
 */
class PolicySimulateCommandTest {

  /** The grants the trail was recorded under: report-bot reads orders, nothing else. */
  private static final String CURRENT =
      """
        - id: orders-read
          subject: { agent: report-bot }
          connection: orders-db
          allow: [ { actions: [read, session], tables: ["public.orders"] } ]
      """;

  /** Reads only the order ids; and lets report-bot write orders. */
  private static final String NARROWER_AND_WIDER =
      """
        - id: orders-ids
          subject: { agent: report-bot }
          connection: orders-db
          allow:
            - { actions: [read, session], tables: ["public.orders"], columns: [id] }
            - { actions: [write], tables: ["public.orders"] }
      """;

  @TempDir Path dir;

  private Path journal;
  private final List<String> eventIds = new ArrayList<>();

  @BeforeEach
  void record() throws Exception {
    journal = dir.resolve("journal");
    SessionInfo session = AuditFixture.session("report-bot", "orders-db");
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<AuditEvent> events =
        List.of(
            new AuditEvent.SessionStart(TimeOrderedIds.next(), now, session),
            decided(session, 1, now, Action.CONNECT, List.of(), new Decision.Allow("orders-read")),
            decided(
                session,
                2,
                now,
                Action.READ,
                List.of(new Resource.Table("public", "orders", List.of("id", "total"))),
                new Decision.Allow("orders-read")),
            decided(
                session,
                3,
                now,
                Action.WRITE,
                List.of(new Resource.Table("public", "orders", List.of("total"))),
                new Decision.Deny(
                    "needs write on public.orders.total; grant 'orders-read' allows read, session"
                        + " only",
                    "ask for a grant with write on public.orders.total on connection 'orders-db'")));
    try (Journal open = AuditFixture.open(journal)) {
      JournalAuditSink sink = AuditFixture.sink(open);
      for (AuditEvent event : events) {
        sink.record(event);
        if (event instanceof AuditEvent.OperationDecided) {
          eventIds.add(event.id().toString());
        }
      }
    }
  }

  @Test
  void theGrantsTheTrailWasRecordedUnderChangeNothing() throws Exception {
    Cli.Result result = Cli.run("policy", "simulate", "--config", config(CURRENT).toString());
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.err()).contains("reading the journal");
    assertThat(result.out())
        .contains("3 operation(s) recorded")
        .contains("unchanged")
        .endsWith("nothing would change" + System.lineSeparator());
  }

  @Test
  void aCandidateThatChangesDecisionsExitsSevenAndSaysWhatChangesWhere() throws Exception {
    Cli.Result result =
        Cli.run("policy", "simulate", "--config", config(NARROWER_AND_WIDER).toString());
    assertThat(result.exit()).as(result.err()).isEqualTo(7);
    assertThat(result.out())
        .contains("newly refused")
        .contains("newly allowed")
        .contains("By agent")
        .contains("By grant (recorded -> candidate)")
        .containsPattern("orders-read\\s+orders-ids\\s+unchanged\\s+1\\s+" + eventIds.get(0))
        .containsPattern("orders-read\\s+-\\s+newly refused\\s+1\\s+" + eventIds.get(1))
        .containsPattern("-\\s+orders-ids\\s+newly allowed\\s+1\\s+" + eventIds.get(2))
        .contains("candidate: refused: needs read on public.orders.total")
        .contains("2 operation(s) would be decided differently");
  }

  @Test
  void jsonAndMarkdownSayTheSame() throws Exception {
    Path candidate = config(NARROWER_AND_WIDER);
    Cli.Result json =
        Cli.run("policy", "simulate", "--config", candidate.toString(), "--format", "json");
    assertThat(json.exit()).isEqualTo(7);
    JsonNode report = new ObjectMapper().readTree(json.out());
    assertThat(report.path("operations").asLong()).isEqualTo(3);
    assertThat(report.path("changes").asLong()).isEqualTo(2);
    assertThat(report.path("source").asText()).startsWith("journal ");
    assertThat(report.path("totals").path("newly-refused").path("events").get(0).asText())
        .isEqualTo(eventIds.get(1));
    JsonNode allowed = report.path("examples").path("newly-allowed").get(0);
    assertThat(allowed.path("recorded").path("decision").asText()).isEqualTo("deny");
    assertThat(allowed.path("recorded").path("grant").isNull()).isTrue();
    assertThat(allowed.path("candidate").path("grant").asText()).isEqualTo("orders-ids");
    assertThat(allowed.path("resources").get(0).path("name").asText()).isEqualTo("public.orders");

    Cli.Result md =
        Cli.run("policy", "simulate", "--config", candidate.toString(), "--format", "md");
    assertThat(md.exit()).isEqualTo(7);
    assertThat(md.out())
        .contains("## Policy simulation")
        .contains("| OUTCOME | OPERATIONS | FIRST EVENT |")
        .contains("| newly refused | 1 | " + eventIds.get(1) + " |")
        .contains("### By agent")
        .contains("#### newly allowed (1 of 1)");
  }

  @Test
  void optionsChooseWhatIsReplayed() throws Exception {
    Path candidate = config(NARROWER_AND_WIDER);
    Cli.Result otherAgent =
        Cli.run("policy", "simulate", "--config", candidate.toString(), "--agent", "etl-bot");
    assertThat(otherAgent.exit()).isZero();
    assertThat(otherAgent.out()).contains("0 operation(s)").contains("nothing would change");

    Cli.Result otherConnection =
        Cli.run(
            "policy", "simulate", "--config", candidate.toString(), "--connection", "billing-db");
    assertThat(otherConnection.exit()).isZero();

    Cli.Result before =
        Cli.run(
            "policy",
            "simulate",
            "--config",
            candidate.toString(),
            "--from",
            "2020-01-01",
            "--to",
            "2020-02-01");
    assertThat(before.exit()).isZero();
    assertThat(before.out()).contains("0 operation(s) recorded 2020-01-01T00:00:00Z to 2020-02-01");

    Cli.Result both =
        Cli.run(
            "policy",
            "simulate",
            "--config",
            candidate.toString(),
            "--since",
            "1d",
            "--from",
            "2020-01-01");
    assertThat(both.exit()).isEqualTo(1);
    assertThat(both.err()).contains("--since or --from, not both");
  }

  @Test
  void theCommandsHaveHelp() {
    Cli.Result group = Cli.run("policy", "--help");
    assertThat(group.exit()).isZero();
    assertThat(group.out()).startsWith("Usage: drawbridge policy").contains("simulate");
    Cli.Result simulate = Cli.run("policy", "simulate", "--help");
    assertThat(simulate.exit()).isZero();
    assertThat(simulate.out()).startsWith("Usage: drawbridge policy simulate");
    assertThat(simulate.out().replaceAll("\\s+", " "))
        .contains("--format=FORMAT")
        .contains("7 when some operation would be decided differently");
    assertThat(Cli.run("--help").out()).contains("policy");
  }

  @Test
  void anInvalidCandidateIsTwo() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "grants: [ { id: x } ]\n");
    assertThat(Cli.run("policy", "simulate", "--config", bad.toString()).exit()).isEqualTo(2);
  }

  private Path config(String grants) throws Exception {
    return Files.writeString(
        dir.resolve("candidate.yaml"),
        """
        audit: { journal: "%s" }
        connections:
          - name: orders-db
            type: postgres
            upstream: { host: 127.0.0.1, port: 5432, database: orders }
            credential: { username: app, password: not-used }
        grants:
        %s
        """
            .formatted(journal, grants));
  }

  private static AuditEvent decided(
      SessionInfo session,
      long sequence,
      Instant time,
      Action action,
      List<Resource> resources,
      Decision decision) {
    return new AuditEvent.OperationDecided(
        TimeOrderedIds.next(),
        time,
        new Operation(session, sequence, action, action.name(), resources, "", 0L),
        decision);
  }
}
