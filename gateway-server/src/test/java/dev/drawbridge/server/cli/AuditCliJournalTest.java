package dev.drawbridge.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.audit.journal.SegmentFiles;
import dev.drawbridge.audit.journal.SegmentScanner;
import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.audit.record.Hashes;
import dev.drawbridge.core.model.SessionInfo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drawbridge audit …} without a store: the journal directory alone. */
class AuditCliJournalTest {

  @TempDir Path dir;

  private Path journal;
  private Path config;
  private SessionInfo orders;
  private SessionInfo billing;

  @BeforeEach
  void write() throws Exception {
    journal = dir.resolve("journal");
    orders = AuditFixture.session("report-bot", "orders-db");
    billing = AuditFixture.session("etl-bot", "billing-db");
    try (Journal open = AuditFixture.open(journal)) {
      JournalAuditSink sink = AuditFixture.sink(open);
      AuditFixture.session(sink, orders, 4, true);
      AuditFixture.session(sink, billing, 1, false);
      sink.record(AuditFixture.authFailure());
    }
    config = AuditFixture.config(dir, journal, null, null);
  }

  private Cli.Result audit(String command, String... args) {
    List<String> line = new ArrayList<>(List.of("audit", command, "--config", config.toString()));
    line.addAll(List.of(args));
    return Cli.run(line.toArray(String[]::new));
  }

  @Test
  void sessionsAreListedFromTheJournalAndSaySo() {
    Cli.Result all = audit("sessions");

    assertThat(all.exit()).as(all.err()).isZero();
    assertThat(all.err()).contains("audit: reading the journal " + journal + " alone");
    List<String> lines = all.out().lines().toList();
    assertThat(lines.getFirst())
        .matches("SESSION +AGENT +CONNECTION +CLIENT +STARTED +ENDED +OPS +DENIED");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1))
        .startsWith(billing.id().toString())
        .contains("etl-bot", "billing-db", "10.1.2.3", "(open)")
        .containsPattern("\\s1\\s+0$");
    assertThat(lines.get(2))
        .startsWith(orders.id().toString())
        .contains("report-bot", "orders-db")
        .doesNotContain("(open)")
        .containsPattern("\\s4\\s+1$");

    assertThat(audit("sessions", "--agent", "report-bot").out())
        .contains(orders.id().toString())
        .doesNotContain(billing.id().toString());
    assertThat(audit("sessions", "--connection", "billing-db").out())
        .contains(billing.id().toString())
        .doesNotContain(orders.id().toString());
    assertThat(audit("sessions", "--since", "2999-01-01").out())
        .isEqualToIgnoringNewLines("no sessions");
    assertThat(audit("sessions", "--since", "1h").out()).contains(orders.id().toString());
  }

  @Test
  void showPrintsEveryEventOfTheSession() {
    Cli.Result shown = audit("show", orders.id().toString());

    assertThat(shown.exit()).as(shown.err()).isZero();
    assertThat(shown.out())
        .contains("session " + orders.id())
        .containsPattern("\\s1  session\\.start\\s+agent report-bot \\(subject sub-report-bot")
        .contains("from 10.1.2.3 to orders-db over postgres")
        .contains("op 1: read SELECT on public.orders: allow by grant orders-read")
        .contains("       total\n")
        .contains(" where id = 1")
        .contains(
            "op 2: write UPDATE on public.orders: deny: no grant allows write on public.orders"
                + " (ask for orders-write)")
        .contains("update orders set total = 0 where id = 2")
        .contains(
            "op 3: write UPDATE on public.orders: review under grant orders-refunds:"
                + " refunds need a human")
        .contains("op 1: 1 row(s) in 2.500 ms, status 00000")
        .containsPattern("session\\.end\\s+client closed after 3s; 1200 bytes from the agent")
        .containsPattern(
            "\\s2  session\\.opened\\s+session "
                + orders.id()
                + " opened; its start hashes to [0-9a-f]{12}… \\[in gateway run chain ");
    assertThat(shown.out()).doesNotContain(billing.id().toString());

    Cli.Result unknown = audit("show", "0190aaaa-0000-7000-8000-000000000000");
    assertThat(unknown.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(unknown.err()).contains("no events of session 0190aaaa-0000-7000-8000-000000000000");
  }

  @Test
  void verifyIsCleanUntilARecordIsCutOut() throws Exception {
    Cli.Result clean = audit("verify");
    assertThat(clean.exit()).as(clean.out() + clean.err()).isZero();
    assertThat(clean.out()).contains("in 3 chain(s) from the journal").endsWith("clean\n");

    Path segment = SegmentFiles.list(journal).getFirst();
    List<byte[]> frames = new ArrayList<>();
    SegmentScanner.scan(segment, 0, Long.MAX_VALUE, (bytes, next) -> frames.add(bytes));
    AuditRecord cut = AuditRecord.parse(frames.remove(4));
    assertThat(cut.chain()).isEqualTo(orders.id().value());
    Files.write(segment, segmentOf(frames));

    Cli.Result tampered = audit("verify");
    assertThat(tampered.exit()).isEqualTo(ExitCodes.AUDIT_PROBLEMS);
    assertThat(tampered.out())
        .contains("session " + orders.id() + ": seq " + cut.seq() + ": missing")
        .endsWith("1 problem(s)\n");
  }

  @Test
  void exportWritesABundleWhoseManifestChecksOutAndRefusesABusyDirectory() throws Exception {
    Path out = dir.resolve("evidence");
    Cli.Result exported = audit("export", "--since", "1h", "--out", out.toString());

    assertThat(exported.exit()).as(exported.err()).isZero();
    assertThat(exported.out()).contains("wrote ").contains("verification: clean");
    List<AuditRecord> records = AuditFixture.records(journal);
    assertThat(Files.readAllLines(out.resolve("events.jsonl"))).hasSize(records.size());
    JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    assertThat(manifest.get("events").asLong()).isEqualTo(records.size());
    assertThat(manifest.get("chains").asLong()).isEqualTo(3);
    assertThat(manifest.at("/tool/version").asText()).isNotBlank();
    for (JsonNode file : manifest.get("files")) {
      byte[] bytes = Files.readAllBytes(out.resolve(file.get("name").asText()));
      assertThat(file.get("sha256").asText()).isEqualTo(Hashes.sha256(bytes));
      assertThat(file.get("size").asLong()).isEqualTo(bytes.length);
    }

    Cli.Result again = audit("export", "--since", "1h", "--out", out.toString());
    assertThat(again.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(again.err()).contains("refusing to write into " + out);
  }

  @Test
  void tailPrintsOperationsAsTheyAreWritten() throws Exception {
    try (Journal open = AuditFixture.open(journal)) {
      JournalAuditSink sink = AuditFixture.sink(open);
      SessionInfo late = AuditFixture.session("late-bot", "orders-db");
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
                      "7",
                      "--timeout",
                      "30s"));
      Thread.sleep(300);
      AuditFixture.session(sink, late, 2, true);

      Cli.Result result = tail.get(40, TimeUnit.SECONDS);
      assertThat(result.exit()).as(result.err()).isZero();
      List<String> lines = result.out().lines().toList();
      assertThat(lines).hasSize(7);
      assertThat(lines.subList(0, 5)).allMatch(l -> !l.contains("late-bot"));
      assertThat(lines.get(5))
          .contains(late.id() + "  late-bot@orders-db  op 1: read SELECT on public.orders: allow")
          .endsWith("select id, total from public.orders where id = 1");
      assertThat(lines.get(6)).contains("late-bot@orders-db  op 2: write UPDATE").contains("deny");
    }
  }

  @Test
  void tailStopsAtItsTimeoutWithNothingNew() {
    Cli.Result result =
        audit(
            "tail", "--since", "2999-01-01T00:00:00Z", "--interval", "20ms", "--timeout", "200ms");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEmpty();
  }

  @Test
  void aSinceThatIsNeitherADurationNorATimeIsRefused() {
    Cli.Result result = audit("verify", "--since", "yesterday");
    assertThat(result.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(result.err()).contains("'yesterday' is neither a duration");
  }

  @Test
  void aMissingJournalIsSaidSo() throws Exception {
    Path elsewhere =
        AuditFixture.config(
            Files.createDirectories(dir.resolve("other")), dir.resolve("nowhere"), null, null);
    Cli.Result result = Cli.run("audit", "sessions", "--config", elsewhere.toString());
    assertThat(result.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(result.err()).contains("there is no journal directory " + dir.resolve("nowhere"));
  }

  @Test
  void everyAuditCommandHasHelp() {
    for (String command : List.of("sessions", "show", "tail", "verify", "export")) {
      Cli.Result result = Cli.run("audit", command, "--help");
      assertThat(result.exit()).as(command).isZero();
      assertThat(result.out()).as(command).startsWith("Usage: drawbridge audit " + command);
    }
    assertThat(Cli.run("audit", "tail", "--help").out()).doesNotContain("--max");
    assertThat(Cli.run("--help").out()).contains("audit");
  }

  private static byte[] segmentOf(List<byte[]> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("DBJRNL1\n".getBytes(StandardCharsets.US_ASCII));
    for (byte[] record : records) {
      CRC32C crc = new CRC32C();
      crc.update(record);
      out.writeBytes(
          ByteBuffer.allocate(8).putInt(record.length).putInt((int) crc.getValue()).array());
      out.writeBytes(record);
    }
    return out.toByteArray();
  }
}
