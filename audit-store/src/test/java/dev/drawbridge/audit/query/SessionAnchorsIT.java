package dev.drawbridge.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.audit.journal.SegmentFiles;
import dev.drawbridge.audit.query.ChainProblem.Fault;
import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.config.AuditFailurePolicy;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.core.model.TimeOrderedIds;
import dev.drawbridge.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Sessions anchored in their gateway run's chain: removed whole from the database (events, chain
 * head, sessions row) once the journal no longer holds them, they are still found.
 */
@ExtendWith(TestPostgres.class)
class SessionAnchorsIT {

  @TempDir Path dir;

  private PGSimpleDataSource db;
  private DatabaseRecordSource database;
  private JournalRecordSource journal;
  private UUID run;
  private SessionInfo kept;
  private SessionInfo removed;
  private List<AuditRecord> records;

  /**
   * A run with two sessions, shipped whole; the journal is then trimmed as the shipper trims it.
   */
  @BeforeEach
  void shipAndTrim(TestPostgres.Server pg) throws Exception {
    db = QueryTestDatabase.fresh(pg);
    database = new DatabaseRecordSource(db);
    journal = new JournalRecordSource(dir);
    kept = Trails.session("report-bot", "orders-db", Instant.now());
    removed = Trails.session("etl-bot", "billing-db", Instant.now());
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
      run = sink.run();
      record(sink, kept, 2);
      Thread.sleep(5);
      record(sink, removed, 3);
    }
    records = JournalReader.readAll(dir).stream().map(JournalReader.Entry::record).toList();
    QueryTestDatabase.ship(db, records);
    for (Path segment : SegmentFiles.list(dir)) {
      Files.delete(segment);
    }
  }

  private static void record(JournalAuditSink sink, SessionInfo session, int operations) {
    sink.record(new AuditEvent.SessionStart(TimeOrderedIds.next(), Instant.now(), session));
    for (int op = 1; op <= operations; op++) {
      sink.record(Trails.operation(session, op, Instant.now(), false));
    }
    sink.record(
        new AuditEvent.SessionEnd(
            TimeOrderedIds.next(),
            Instant.now(),
            session.id(),
            Duration.ofSeconds(1),
            10,
            20,
            "client closed"));
  }

  private AuditRecord startOf(SessionInfo session) {
    return records.stream()
        .filter(r -> r.chain().equals(session.id().value()) && r.seq() == 1)
        .findFirst()
        .orElseThrow();
  }

  private void removeWhole(SessionInfo session) throws Exception {
    UUID id = session.id().value();
    assertThat(QueryTestDatabase.execute(db, "delete from audit.events where chain = ?", id))
        .isEqualTo(5);
    assertThat(QueryTestDatabase.execute(db, "delete from audit.chains where chain = ?", id))
        .isOne();
    assertThat(QueryTestDatabase.execute(db, "delete from audit.sessions where session_id = ?", id))
        .isOne();
  }

  @Test
  void theTrailVerifiesWithEachSessionAnchored() throws Exception {
    Verification verification = Verification.of(database, TimeWindow.ALL, journal);

    assertThat(verification.allProblems()).isEmpty();
    // the run: gateway.start and one session.opened per session; the sessions: 4 and 5 events
    assertThat(verification.events()).isEqualTo(3 + 4 + 5);
    assertThat(verification.chains()).isEqualTo(3);
  }

  @Test
  void aSessionRemovedWholeAfterTheJournalWasTrimmedIsNamedByItsAnchor() throws Exception {
    removeWhole(removed);

    for (Verification verification :
        List.of(
            Verification.of(database, TimeWindow.ALL, journal),
            Verification.of(database, TimeWindow.ALL))) {
      assertThat(verification.allProblems())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.chain()).isEqualTo(run);
                assertThat(p.kind()).isEqualTo(ChainKind.GATEWAY);
                assertThat(p.seq()).as("gateway.start, then each session's anchor").isEqualTo(3);
                assertThat(p.fault()).isEqualTo(Fault.MISSING);
                assertThat(p.describe())
                    .isEqualTo(
                        "gateway run "
                            + run
                            + ": seq 3: missing: session "
                            + removed.id()
                            + ", opened at gateway run chain "
                            + run
                            + " seq 3, has no events: removed?");
              });
    }
  }

  @Test
  void aWindowChecksTheAnchorsInIt() throws Exception {
    removeWhole(removed);
    Instant removedStart = startOf(removed).time();

    assertThat(Verification.of(database, TimeWindow.since(removedStart)).allProblems())
        .singleElement()
        .satisfies(p -> assertThat(p.detail()).contains("session " + removed.id()));
    assertThat(
            Verification.of(database, new TimeWindow(null, startOf(removed).time())).allProblems())
        .as("the anchor is past the window's end: the removed session is not looked for")
        .isEmpty();
    assertThat(Verification.of(database, TimeWindow.since(removedStart.plusNanos(1000))))
        .as("the anchor is before the window")
        .satisfies(v -> assertThat(v.allProblems()).isEmpty());
  }

  @Test
  void aSessionWhoseRowAloneWasRemovedIsNamed() throws Exception {
    QueryTestDatabase.execute(
        db, "delete from audit.sessions where session_id = ?", kept.id().value());

    assertThat(Verification.of(database, TimeWindow.ALL).allProblems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.chain()).isEqualTo(run);
              assertThat(p.seq()).isEqualTo(2);
              assertThat(p.detail())
                  .isEqualTo(
                      "session "
                          + kept.id()
                          + ", opened at gateway run chain "
                          + run
                          + " seq 2, has events but no row in audit.sessions: removed?");
            });
  }

  @Test
  void aSessionReplacedByAnotherConsistentChainIsNotTheOneItsAnchorNames() throws Exception {
    // rewrite the removed session's start and every link after it, hashes and head included: the
    // session's chain is consistent in itself; only its anchor in the run's chain tells
    UUID id = removed.id().value();
    QueryTestDatabase.execute(
        db,
        "update audit.events set record = replace(record, '\"agent\":\"etl-bot\"',"
            + " '\"agent\":\"other-bot\"'), agent = 'other-bot' where chain = ? and seq = 1",
        id);
    QueryTestDatabase.execute(
        db,
        """
        do $$
        declare
          previous text;
          e record;
        begin
          for e in select id, seq, record from audit.events where chain = '%s' order by seq loop
            if e.seq > 1 then
              update audit.events
                 set record = regexp_replace(e.record, '"prev":"[0-9a-f]+"',
                                             '"prev":"' || previous || '"'),
                     prev_hash = previous
               where id = e.id;
            end if;
            update audit.events set hash = encode(sha256(convert_to(record, 'UTF8')), 'hex')
             where id = e.id returning hash into previous;
          end loop;
          update audit.chains set last_hash = previous where chain = '%s';
        end $$"""
            .formatted(id, id));

    assertThat(Verification.of(database, TimeWindow.ALL).allProblems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.chain()).isEqualTo(id);
              assertThat(p.seq()).isEqualTo(1);
              assertThat(p.fault()).isEqualTo(Fault.ALTERED);
              assertThat(p.detail())
                  .contains("opened at gateway run chain " + run + " seq 3")
                  .endsWith("the session's start was replaced");
            });
  }
}
