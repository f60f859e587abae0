package dev.drawbridge.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.audit.journal.SegmentFiles;
import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.audit.record.Hashes;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code drawbridge audit …} with {@code store.postgres}: a journal written by the real sink,
 * shipped but for its last records, read from the database and compared with the journal.
 */
@ExtendWith(TestPostgres.class)
class AuditCliDatabaseIT {

  /** Records of the journal not shipped yet. */
  private static final int UNSHIPPED = 2;

  @TempDir Path dir;

  private TestPostgres.Server pg;
  private PGSimpleDataSource db;
  private Path journal;
  private Path config;
  private SessionInfo orders;
  private SessionInfo billing;
  private SessionInfo etl;
  private List<AuditRecord> shipped;

  @BeforeEach
  void writeAndShip(TestPostgres.Server pg) throws Exception {
    this.pg = pg;
    db = AuditFixture.freshDatabase(pg);
    journal = dir.resolve("journal");
    orders = AuditFixture.session("report-bot", "orders-db");
    billing = AuditFixture.session("report-bot", "billing-db");
    etl = AuditFixture.session("etl-bot", "orders-db");
    try (Journal open = AuditFixture.open(journal)) {
      JournalAuditSink sink = AuditFixture.sink(open);
      AuditFixture.session(sink, orders, 4, true);
      AuditFixture.session(sink, billing, 3, true);
      sink.record(AuditFixture.authFailure());
      AuditFixture.session(sink, etl, 1, true);
    }
    List<AuditFixture.Entry> entries = AuditFixture.entries(journal);
    List<AuditFixture.Entry> toShip = entries.subList(0, entries.size() - UNSHIPPED);
    shipped = toShip.stream().map(AuditFixture.Entry::record).toList();
    AuditFixture.ship(db, shipped);
    AuditFixture.Entry last = toShip.getLast();
    Files.writeString(journal.resolve("checkpoint"), last.segment() + " " + last.end() + "\n");
    config = AuditFixture.config(dir, journal, pg, pg.password());
  }

  private Cli.Result audit(String command, String... args) {
    List<String> line = new ArrayList<>(List.of("audit", command, "--config", config.toString()));
    line.addAll(List.of(args));
    return Cli.run(line.toArray(String[]::new));
  }

  @Test
  void sessionsComeFromTheDatabase() {
    Cli.Result all = audit("sessions");

    assertThat(all.exit()).as(all.err()).isZero();
    assertThat(all.err()).contains("audit: reading the store database (store.postgres)");
    List<String> lines = all.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(1)).startsWith(etl.id().toString()).contains("etl-bot", "orders-db");
    assertThat(lines.get(2)).startsWith(billing.id().toString()).containsPattern("\\s3\\s+1$");
    assertThat(lines.get(3)).startsWith(orders.id().toString()).containsPattern("\\s4\\s+1$");

    Cli.Result filtered = audit("sessions", "--agent", "report-bot", "--connection", "orders-db");
    assertThat(filtered.out().lines()).hasSize(2);
    assertThat(filtered.out()).contains(orders.id().toString());
  }

  @Test
  void showPrintsASessionsOperationsWithTheirDecisions() {
    Cli.Result shown = audit("show", billing.id().toString());

    assertThat(shown.exit()).as(shown.err()).isZero();
    assertThat(shown.out())
        .contains("op 1: read SELECT on public.orders: allow by grant orders-read")
        .contains("  from public.orders\n")
        .contains("op 2: write UPDATE on public.orders: deny: no grant allows write")
        .contains("op 3: write UPDATE on public.orders: review under grant orders-refunds")
        .containsPattern("session\\.end\\s+client closed");
  }

  @Test
  void verifyIsCleanAndCountsWhatIsPendingInTheJournal() {
    Cli.Result result = audit("verify");

    assertThat(result.exit()).as(result.out() + result.err()).isZero();
    assertThat(result.out())
        .contains("verified " + shipped.size() + " event(s) in 4 chain(s) from the database")
        .contains(
            "journal "
                + journal
                + ": "
                + (shipped.size() + UNSHIPPED)
                + " record(s) in the window, "
                + shipped.size()
                + " row(s) in the database, "
                + UNSHIPPED
                + " pending shipment")
        .endsWith("clean\n");
  }

  @Test
  void verifyNamesAnUpdatedRecordAndADeletedRowBySessionAndSeq() throws Exception {
    AuditFixture.execute(
        db,
        "update audit.events set record = replace(record, 'orders-read', 'orders-admin')"
            + " where chain = ? and seq = 2",
        orders.id().value());
    AuditFixture.execute(
        db, "delete from audit.events where chain = ? and seq = 4", billing.id().value());

    Cli.Result result = audit("verify");

    assertThat(result.exit()).isEqualTo(ExitCodes.AUDIT_PROBLEMS);
    assertThat(result.out())
        .contains("session " + orders.id() + ": seq 2: altered: ")
        .contains("session " + billing.id() + ": seq 4: missing: seq 4 is not stored")
        .contains("session " + billing.id() + ": seq 4: missing: event ")
        .contains("shipped by its checkpoint, but not in the database")
        .contains("(operation) in the database is not the record the journal holds")
        .endsWith("4 problem(s)\n");
  }

  @Test
  void verifyNamesASessionRemovedWholeAfterTheJournalWasTrimmed() throws Exception {
    // the shipper trimmed the journal: nothing there holds the session any more
    for (Path segment : SegmentFiles.list(journal)) {
      Files.delete(segment);
    }
    UUID gone = billing.id().value();
    AuditFixture.execute(db, "delete from audit.events where chain = ?", gone);
    AuditFixture.execute(db, "delete from audit.chains where chain = ?", gone);
    AuditFixture.execute(db, "delete from audit.sessions where session_id = ?", gone);

    Cli.Result result = audit("verify");

    assertThat(result.exit()).as(result.out()).isEqualTo(ExitCodes.AUDIT_PROBLEMS);
    assertThat(result.out())
        .containsPattern(
            "gateway run [0-9a-f-]{36}: seq 3: missing: session "
                + gone
                + ", opened at gateway run chain [0-9a-f-]{36} seq 3, has no events: removed\\?")
        .endsWith("1 problem(s)\n");
  }

  @Test
  void verifySinceOnlyLooksAtTheWindow() throws Exception {
    AuditFixture.execute(
        db, "delete from audit.events where chain = ? and seq = 2", orders.id().value());

    assertThat(audit("verify").exit()).isEqualTo(ExitCodes.AUDIT_PROBLEMS);
    Cli.Result later = audit("verify", "--since", "2999-01-01");
    assertThat(later.exit()).as(later.out()).isZero();
    assertThat(later.out()).contains("verified 0 event(s)");
  }

  @Test
  void exportWritesTheDatabasesEvents() throws Exception {
    Path out = dir.resolve("evidence");
    Cli.Result result = audit("export", "--since", "1h", "--out", out.toString());

    assertThat(result.exit()).as(result.err()).isZero();
    List<String> lines = Files.readAllLines(out.resolve("events.jsonl"), StandardCharsets.UTF_8);
    assertThat(lines)
        .containsExactlyInAnyOrderElementsOf(shipped.stream().map(AuditRecord::json).toList());
    JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    assertThat(manifest.get("source").asText()).isEqualTo("database");
    assertThat(manifest.at("/types/operation").asLong()).isEqualTo(8);
    for (JsonNode file : manifest.get("files")) {
      byte[] bytes = Files.readAllBytes(out.resolve(file.get("name").asText()));
      assertThat(file.get("sha256").asText()).isEqualTo(Hashes.sha256(bytes));
    }
    JsonNode verification = new ObjectMapper().readTree(out.resolve("verification.json").toFile());
    assertThat(verification.get("clean").asBoolean()).isTrue();
    assertThat(verification.at("/journal/records").asLong()).isEqualTo(shipped.size() + UNSHIPPED);
    assertThat(verification.at("/journal/pending").asLong()).isEqualTo(UNSHIPPED);
  }

  @Test
  void anExportOfATamperedTrailExitsThreeWithTheBundleWritten() throws Exception {
    AuditFixture.execute(
        db, "delete from audit.events where chain = ? and seq = 3", orders.id().value());
    Path out = dir.resolve("evidence");

    Cli.Result result = audit("export", "--since", "1h", "--out", out.toString());

    assertThat(result.exit()).isEqualTo(ExitCodes.AUDIT_PROBLEMS);
    assertThat(result.out())
        .contains("verification: 2 problem(s)")
        .contains("session " + orders.id() + ": seq 3: missing: seq 3 is not stored");
    JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    assertThat(manifest.at("/verification/clean").asBoolean()).isFalse();
    assertThat(manifest.at("/verification/problems").asLong()).isEqualTo(2);
    JsonNode verification = new ObjectMapper().readTree(out.resolve("verification.json").toFile());
    assertThat(verification.get("problems")).hasSize(1);
    assertThat(verification.at("/journal/missing")).hasSize(1);
  }

  @Test
  void tailPrintsOperationsAsTheyAreShipped() throws Exception {
    CompletableFuture<Cli.Result> tail =
        CompletableFuture.supplyAsync(
            () ->
                audit(
                    "tail",
                    "--since",
                    "1h",
                    "--interval",
                    "50ms",
                    "--max",
                    "10",
                    "--timeout",
                    "30s"));
    Thread.sleep(500);
    SessionInfo late = AuditFixture.session("late-bot", "orders-db");
    Path second = dir.resolve("second-journal");
    try (Journal open = AuditFixture.open(second)) {
      AuditFixture.session(AuditFixture.sink(open), late, 2, true);
    }
    AuditFixture.ship(db, AuditFixture.records(second));

    Cli.Result result = tail.get(40, TimeUnit.SECONDS);
    assertThat(result.exit()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines).hasSize(10);
    assertThat(lines.subList(0, 8)).noneMatch(l -> l.contains("late-bot"));
    assertThat(lines.get(8)).contains(late.id() + "  late-bot@orders-db  op 1: read SELECT");
    assertThat(lines.get(9)).contains("late-bot@orders-db  op 2: write UPDATE");
  }

  @Test
  void aRefusedCredentialIsSaidWithoutThePassword() throws Exception {
    String wrong = "not-the-password-4711";
    Path other = Files.createDirectories(dir.resolve("other"));
    Path bad = AuditFixture.config(other, journal, pg, wrong);

    Cli.Result result = Cli.run("audit", "sessions", "--config", bad.toString());

    assertThat(result.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(result.err())
        .contains("cannot list sessions: the database refused the credential (SQLSTATE 28P01)")
        .doesNotContain(wrong);
  }
}
