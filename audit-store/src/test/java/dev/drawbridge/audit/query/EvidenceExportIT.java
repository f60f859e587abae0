package dev.drawbridge.audit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.audit.record.Hashes;
import dev.drawbridge.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** Evidence bundles exported from the database, read back and checked independently. */
@ExtendWith(TestPostgres.class)
class EvidenceExportIT {

  @TempDir Path dir;

  private PGSimpleDataSource db;
  private Instant base;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private List<AuditRecord> inWindow;
  private Trails.Chain odd;

  @BeforeEach
  void ship(TestPostgres.Server pg) throws Exception {
    db = QueryTestDatabase.fresh(pg);
    base = now.minus(2, ChronoUnit.HOURS);
    Trails.Chain old =
        Trails.session(Trails.session("report-bot", "orders-db", base.minusSeconds(7200)), 2);
    Trails.Chain a =
        Trails.session(Trails.session("report-bot", "orders-db", base.plusSeconds(10)), 4);
    odd =
        Trails.session(Trails.session("ops, \"night\" bot", "orders-db", base.plusSeconds(20)), 3);
    Trails.Chain run = Trails.gatewayRun(base.plusSeconds(5), 2);
    inWindow = new ArrayList<>();
    for (Trails.Chain chain : List.of(a, odd, run)) {
      inWindow.addAll(chain.records());
    }
    List<AuditRecord> all = new ArrayList<>(inWindow);
    all.addAll(old.records());
    QueryTestDatabase.ship(db, all);
  }

  private EvidenceExport.Result export(Path out) throws Exception {
    return new EvidenceExport(
            new DatabaseRecordSource(db), Clock.fixed(now, ZoneOffset.UTC), "9.9.9")
        .write(TimeWindow.since(base), out);
  }

  @Test
  void theBundleHoldsTheWindowsRecordsInChainOrderWithAManifestThatChecksOut() throws Exception {
    Path out = dir.resolve("bundle");
    EvidenceExport.Result result = export(out);

    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "events.jsonl", "events.csv", "verification.json", "manifest.json");
    }
    assertThat(Bundles.checkManifest(out))
        .containsExactly("events.jsonl", "events.csv", "verification.json");

    List<String> expected =
        inWindow.stream()
            .sorted(
                Comparator.comparing((AuditRecord r) -> r.chain().toString())
                    .thenComparingLong(AuditRecord::seq))
            .map(AuditRecord::json)
            .toList();
    List<String> lines = Bundles.lines(out.resolve("events.jsonl"));
    assertThat(lines).containsExactlyElementsOf(expected);

    List<List<String>> csv = Bundles.csv(out.resolve("events.csv"));
    assertThat(String.join(",", csv.getFirst())).isEqualTo(EventCsv.HEADER);
    assertThat(csv).hasSize(lines.size() + 1);
    for (int i = 0; i < lines.size(); i++) {
      List<String> row = csv.get(i + 1);
      assertThat(row).hasSize(12);
      assertThat(row.get(10))
          .as("the hash column of row %d is its record's SHA-256", i)
          .isEqualTo(Hashes.sha256(lines.get(i).getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(csv)
        .filteredOn(
            row -> row.get(4).equals("session.start") && row.get(2).equals(odd.id().toString()))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.get(5)).isEqualTo(odd.id().toString());
              assertThat(row.get(6)).isEqualTo("ops, \"night\" bot");
              assertThat(row.get(7)).isEqualTo("orders-db");
              assertThat(row.get(11)).isEmpty();
            });
    assertThat(csv)
        .filteredOn(row -> row.get(4).equals("operation"))
        .extracting(row -> row.get(9))
        .containsOnly("allow", "deny");

    JsonNode manifest = Bundles.json(out.resolve("manifest.json"));
    assertThat(manifest.get("format").asText()).isEqualTo("drawbridge-audit-evidence/1");
    assertThat(manifest.get("generated").asText()).isEqualTo(now.toString());
    assertThat(manifest.at("/tool/version").asText()).isEqualTo("9.9.9");
    assertThat(manifest.at("/window/from").asText()).isEqualTo(base.toString());
    assertThat(manifest.at("/window/to").asText()).isEqualTo(now.toString());
    assertThat(manifest.get("events").asLong()).isEqualTo(inWindow.size());
    assertThat(manifest.get("chains").asLong()).isEqualTo(3);
    Map<String, Long> types =
        inWindow.stream().collect(Collectors.groupingBy(AuditRecord::type, Collectors.counting()));
    assertThat(manifest.get("types").properties())
        .hasSize(types.size())
        .allSatisfy(e -> assertThat(e.getValue().asLong()).isEqualTo(types.get(e.getKey())));
    assertThat(manifest.at("/verification/clean").asBoolean()).isTrue();

    JsonNode verification = Bundles.json(out.resolve("verification.json"));
    assertThat(verification.get("clean").asBoolean()).isTrue();
    assertThat(verification.get("events").asLong()).isEqualTo(inWindow.size());
    assertThat(verification.get("problems")).isEmpty();
    assertThat(result.verification().clean()).isTrue();
  }

  @Test
  void aTamperedTrailIsExportedWithItsProblems() throws Exception {
    QueryTestDatabase.execute(
        db,
        "update audit.events set record = replace(record, 'orders-read', 'orders-admin')"
            + " where chain = ? and seq = 2",
        odd.id());

    Path out = dir.resolve("tampered");
    EvidenceExport.Result result = export(out);

    assertThat(result.verification().clean()).isFalse();
    Bundles.checkManifest(out);
    JsonNode verification = Bundles.json(out.resolve("verification.json"));
    assertThat(verification.get("clean").asBoolean()).isFalse();
    assertThat(verification.get("problems"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.get("chain").asText()).isEqualTo(odd.id().toString());
              assertThat(p.get("kind").asText()).isEqualTo("session");
              assertThat(p.get("seq").asLong()).isEqualTo(2);
              assertThat(p.get("fault").asText()).isEqualTo("altered");
            });
    JsonNode manifest = Bundles.json(out.resolve("manifest.json"));
    assertThat(manifest.at("/verification/clean").asBoolean()).isFalse();
    assertThat(manifest.at("/verification/problems").asLong()).isEqualTo(1);
  }

  @Test
  void aDirectoryWithAnythingInItIsRefused() throws Exception {
    Path out = Files.createDirectories(dir.resolve("busy"));
    Files.writeString(out.resolve("notes.txt"), "keep me");

    assertThatThrownBy(() -> export(out)).isInstanceOf(DirectoryNotEmptyException.class);
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files).containsExactly(out.resolve("notes.txt"));
    }
  }
}
