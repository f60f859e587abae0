package dev.drawbridge.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.config.AuditFailurePolicy;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.core.model.TimeOrderedIds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An evidence bundle from a journal alone. */
class EvidenceExportTest {

  @TempDir Path dir;

  @Test
  void aJournalsWindowIsExportedAndItsManifestChecksOut() throws Exception {
    Path journalDir = dir.resolve("journal");
    SessionInfo session = Trails.session("report-bot", "orders-db", Instant.now());
    Instant since;
    try (Journal journal =
        Journal.open(new Journal.Options(journalDir, 1 << 20, 1 << 24, Duration.ofMillis(20), 1))) {
      JournalAuditSink sink =
          JournalAuditSink.start(
              journal,
              AuditFailurePolicy.FAIL_CLOSED,
              Clock.systemUTC(),
              new SimpleMeterRegistry(),
              "gw",
              "1");
      Thread.sleep(5);
      since = Instant.now();
      sink.record(new AuditEvent.SessionStart(TimeOrderedIds.next(), Instant.now(), session));
      sink.record(Trails.operation(session, 1, Instant.now(), false));
      sink.record(Trails.operation(session, 2, Instant.now(), true));
    }

    Path out = dir.resolve("bundle");
    EvidenceExport.Result result =
        new EvidenceExport(new JournalRecordSource(journalDir), Clock.systemUTC(), null)
            .write(TimeWindow.since(since), out);

    assertThat(Bundles.checkManifest(out)).hasSize(3);
    List<String> lines = Bundles.lines(out.resolve(EvidenceExport.EVENTS));
    // the session's three events (its chain's id is older than the run's), then its anchor in the
    // run's chain, which names it too
    assertThat(lines).hasSize(4).allMatch(l -> l.contains(session.id().toString()));
    assertThat(lines.get(0)).contains("\"seq\":1,");
    assertThat(lines.get(2)).contains("\"seq\":3,");
    assertThat(lines.get(3)).contains("\"seq\":2,", "\"type\":\"session.opened\"");
    JsonNode manifest = Bundles.json(out.resolve(EvidenceExport.MANIFEST));
    assertThat(manifest.get("source").asText()).isEqualTo("journal " + journalDir);
    assertThat(manifest.at("/tool/version").isNull()).isTrue();
    assertThat(manifest.at("/types/operation").asLong()).isEqualTo(2);
    assertThat(manifest.at("/types/session.opened").asLong()).isEqualTo(1);
    assertThat(manifest.at("/types/gateway.start").isMissingNode())
        .as("the gateway's start was before the window")
        .isTrue();
    assertThat(result.verification().clean()).isTrue();
  }
}
