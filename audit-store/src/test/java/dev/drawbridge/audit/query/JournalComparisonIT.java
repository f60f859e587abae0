package dev.drawbridge.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.audit.query.ChainProblem.Fault;
import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.config.AuditFailurePolicy;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.core.model.TimeOrderedIds;
import dev.drawbridge.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** A journal written by the sink, shipped in part, compared with the database. */
@ExtendWith(TestPostgres.class)
class JournalComparisonIT {

  @TempDir Path dir;

  private PGSimpleDataSource db;
  private DatabaseRecordSource database;
  private JournalRecordSource journal;
  private SessionInfo session;
  private List<JournalReader.Entry> entries;

  /**
   * A gateway start, then a session's start, its anchor in the run's chain (session.opened) and
   * five operations: eight records.
   */
  @BeforeEach
  void write(TestPostgres.Server pg) throws Exception {
    db = QueryTestDatabase.fresh(pg);
    database = new DatabaseRecordSource(db);
    journal = new JournalRecordSource(dir);
    session = Trails.session("report-bot", "orders-db", Instant.now());
    try (Journal open =
        Journal.open(new Journal.Options(dir, 1 << 20, 1 << 24, Duration.ofMillis(20), 1))) {
      JournalAuditSink sink =
          JournalAuditSink.start(
              open,
              AuditFailurePolicy.FAIL_CLOSED,
              Clock.systemUTC(),
              new SimpleMeterRegistry(),
              "gw",
              "1");
      sink.record(new AuditEvent.SessionStart(TimeOrderedIds.next(), Instant.now(), session));
      for (int op = 1; op <= 5; op++) {
        sink.record(Trails.operation(session, op, Instant.now(), op == 2));
      }
    }
    entries = JournalReader.readAll(dir);
    assertThat(entries).hasSize(8);
  }

  /** The shipper stored {@code records} and checkpointed up to {@code through}. */
  private void shipped(List<AuditRecord> records, JournalReader.Entry through) throws Exception {
    QueryTestDatabase.ship(db, records);
    java.nio.file.Files.writeString(
        dir.resolve("checkpoint"), through.segment() + " " + through.end() + "\n");
  }

  private List<AuditRecord> records(int from, int to) {
    return entries.subList(from, to).stream().map(JournalReader.Entry::record).toList();
  }

  @Test
  void unshippedRecordsArePendingAndShippedOnesMissingFromTheDatabaseAreNamed() throws Exception {
    // through the second operation (the anchor is the third record)
    List<AuditRecord> first = records(0, 5);
    shipped(first, entries.get(4));

    Verification clean = Verification.of(database, TimeWindow.ALL, journal);
    JournalCheck check = clean.journal().orElseThrow();
    assertThat(check.journalRecords()).isEqualTo(8);
    assertThat(check.databaseRows()).isEqualTo(5);
    assertThat(check.pending()).isEqualTo(3);
    assertThat(check.missing()).isEmpty();
    assertThat(clean.clean()).isTrue();

    AuditRecord removed = first.get(3);
    assertThat(removed.type()).isEqualTo("operation");
    QueryTestDatabase.execute(db, "delete from audit.events where id = ?", removed.id());
    Verification tampered = Verification.of(database, TimeWindow.ALL, journal);
    assertThat(tampered.journal().orElseThrow().pending()).isEqualTo(3);
    assertThat(tampered.journal().orElseThrow().missing())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.chain()).isEqualTo(session.id().value());
              assertThat(p.seq()).isEqualTo(removed.seq());
              assertThat(p.fault()).isEqualTo(Fault.MISSING);
              assertThat(p.detail()).contains(removed.id().toString());
            });
    assertThat(tampered.problems())
        .as("the chain's own gap")
        .singleElement()
        .satisfies(p -> assertThat(p.seq()).isEqualTo(removed.seq()));
    assertThat(tampered.allProblems()).hasSize(2);
    assertThat(tampered.clean()).isFalse();
  }

  @Test
  void aRecordRewrittenInTheDatabaseIsNotTheOneTheJournalHolds() throws Exception {
    List<AuditRecord> all = records(0, 8);
    shipped(all, entries.get(7));
    AuditRecord rewritten = all.get(4);
    assertThat(rewritten.type()).isEqualTo("operation");
    // even a rewrite that keeps the chain consistent in the database differs from the journal
    QueryTestDatabase.execute(
        db,
        "update audit.events set record = replace(record, 'report-bot', 'other-bot') where id = ?",
        rewritten.id());
    Verification verification = Verification.of(database, TimeWindow.ALL, journal);
    assertThat(verification.journal().orElseThrow().missing())
        .anySatisfy(
            p -> {
              assertThat(p.seq()).isEqualTo(rewritten.seq());
              assertThat(p.fault()).isEqualTo(Fault.ALTERED);
              assertThat(p.detail()).contains("is not the record the journal holds");
            });
    assertThat(verification.clean()).isFalse();
  }

  @Test
  void aGapInTheDatabaseAtARecordNotShippedYetIsPendingNotAProblem() throws Exception {
    // a later record reached the database before an earlier one (another lane's segment)
    List<AuditRecord> stored = new ArrayList<>(records(0, 5));
    stored.add(entries.get(6).record());
    shipped(stored, entries.get(4));
    AuditRecord waiting = entries.get(5).record();
    assertThat(waiting.type()).isEqualTo("operation");

    Verification verification = Verification.of(database, TimeWindow.ALL, journal);

    assertThat(verification.problems()).isEmpty();
    assertThat(verification.journal().orElseThrow().pending()).isEqualTo(2);
    assertThat(verification.clean()).isTrue();
    assertThat(Verification.of(database, TimeWindow.ALL).problems())
        .as("without the journal the gap is a problem")
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.seq()).isEqualTo(waiting.seq());
              assertThat(p.fault()).isEqualTo(Fault.MISSING);
            });
  }
}
