package dev.drawbridge.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.testing.TestPostgres;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/** Sessions, a session's events and new events, read from the database. */
@ExtendWith(TestPostgres.class)
class DatabaseRecordSourceIT {

  private PGSimpleDataSource db;
  private DatabaseRecordSource source;
  private Instant base;
  private Trails.Chain early;
  private Trails.Chain billing;
  private Trails.Chain etl;

  @BeforeEach
  void ship(TestPostgres.Server pg) throws Exception {
    db = QueryTestDatabase.fresh(pg);
    source = new DatabaseRecordSource(db);
    base = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);
    early = Trails.session(Trails.session("report-bot", "orders-db", base), 3);
    billing = Trails.session(Trails.session("report-bot", "billing-db", base.plusSeconds(3600)), 2);
    etl = Trails.session(Trails.session("etl-bot", "orders-db", base.plusSeconds(7200)), 6);
    List<AuditRecord> all = new ArrayList<>();
    for (Trails.Chain chain : List.of(early, billing, etl)) {
      all.addAll(chain.records());
    }
    QueryTestDatabase.ship(db, all);
  }

  @Test
  void sessionsAreListedNewestFirstAndFiltered() throws Exception {
    List<SessionSummary> all = source.sessions(new SessionFilter(null, null, null, 100));
    assertThat(all)
        .extracting(SessionSummary::session)
        .containsExactly(etl.id(), billing.id(), early.id());
    SessionSummary newest = all.getFirst();
    assertThat(newest.agent()).isEqualTo("etl-bot");
    assertThat(newest.connection()).isEqualTo("orders-db");
    assertThat(newest.client()).isEqualTo("10.1.2.3");
    assertThat(newest.operations()).isEqualTo(6);
    assertThat(newest.denied()).isEqualTo(2);
    assertThat(newest.ended()).isPresent();

    assertThat(source.sessions(new SessionFilter("report-bot", null, null, 100)))
        .extracting(SessionSummary::session)
        .containsExactly(billing.id(), early.id());
    assertThat(source.sessions(new SessionFilter(null, "orders-db", null, 100)))
        .extracting(SessionSummary::session)
        .containsExactly(etl.id(), early.id());
    assertThat(source.sessions(new SessionFilter(null, null, base.plusSeconds(1800), 100)))
        .extracting(SessionSummary::session)
        .containsExactly(etl.id(), billing.id());
    assertThat(source.sessions(new SessionFilter(null, null, null, 1)))
        .extracting(SessionSummary::session)
        .containsExactly(etl.id());
  }

  @Test
  void aSessionsEventsComeInOrder() throws Exception {
    List<StoredEvent> events = source.sessionEvents(billing.id());

    assertThat(events)
        .extracting(StoredEvent::record)
        .containsExactlyElementsOf(billing.records().stream().map(AuditRecord::json).toList());
    assertThat(events.getFirst().type()).isEqualTo("session.start");
    assertThat(events.getLast().type()).isEqualTo("session.end");
  }

  @Test
  void aFeedAnswersEachNewEventOnce() throws Exception {
    EventFeed feed = source.follow(base.plusSeconds(3000), Set.of("operation"));

    List<StoredEvent> first = feed.poll();
    assertThat(first).extracting(StoredEvent::type).containsOnly("operation");
    assertThat(first).extracting(StoredEvent::chain).containsOnly(billing.id(), etl.id());
    assertThat(first).hasSize(8);
    assertThat(feed.poll()).isEmpty();

    Trails.Chain later = Trails.session(Trails.session("late-bot", "orders-db", Instant.now()), 2);
    QueryTestDatabase.ship(db, later.records());

    List<StoredEvent> next = feed.poll();
    assertThat(next).extracting(StoredEvent::chain).containsOnly(later.id());
    assertThat(next)
        .extracting(e -> e.field("text"))
        .hasSize(2)
        .allMatch(t -> t.contains("orders"));
    assertThat(feed.poll()).isEmpty();
  }
}
