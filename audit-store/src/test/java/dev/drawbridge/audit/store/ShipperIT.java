package dev.drawbridge.audit.store;

import static dev.drawbridge.audit.store.ShipperTests.WAIT;
import static dev.drawbridge.audit.store.ShipperTests.batchesOf;
import static dev.drawbridge.audit.store.ShipperTests.journal;
import static dev.drawbridge.audit.store.ShipperTests.sink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.audit.journal.JournalUnavailableException;
import dev.drawbridge.audit.journal.SegmentFiles;
import dev.drawbridge.audit.record.CanonicalEncoding;
import dev.drawbridge.audit.record.ChainLink;
import dev.drawbridge.audit.record.Hashes;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What the shipper stores: events, chains, sessions and the views over them, once each. */
@ExtendWith(TestPostgres.class)
class ShipperIT {

  @TempDir Path dir;

  private AuditTestDatabase db;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void freshSchema(TestPostgres.Server server) throws Exception {
    db = AuditTestDatabase.fresh(server);
  }

  @AfterEach
  void closeDatabase() throws Exception {
    db.close();
  }

  @Test
  void aSessionArrivesInItsTablesAndTheViewsShowIt() throws Exception {
    SessionInfo session = Events.session("report-bot");
    UUID run;
    try (Journal journal = journal(dir, 1 << 20, 1)) {
      JournalAuditSink sink = sink(journal, registry);
      run = sink.run();
      sink.record(Events.start(session));
      sink.record(Events.allowed(session, 1));
      sink.record(Events.result(session, 1, 5));
      sink.record(
          Events.operation(
              session,
              2,
              new Decision.Deny("no grant covers orders.secret", "ask for orders-admin")));
      sink.record(
          Events.operation(
              session, 3, new Decision.Review("orders-write", "writes need approval")));
      sink.record(Events.end(session));
      sink.record(Events.authFailure(Instant.now()));
      try (Shipper shipper = Shipper.start(journal, db.database(), registry, Clock.systemUTC())) {
        assertThat(shipper.awaitCaughtUp(WAIT)).isTrue();
        // the gateway's start, the session's six, its session.opened, the failed authentication
        assertThat(registry.get(ShippingMeters.SHIPPED).counter().count()).isEqualTo(9.0);
        assertThat(registry.get(ShippingMeters.QUEUE_DEPTH).gauge().value()).isZero();
        assertThat(registry.get(ShippingMeters.LAG).gauge().value()).isZero();
        assertThat(registry.get(ShippingMeters.JOURNAL_BYTES).gauge().value())
            .isEqualTo((double) journal.retainedBytes());
      }
      assertThat(registry.find(ShippingMeters.LAG).gauge()).isNull();
    }

    assertThat(db.number("select count(*) from audit.events")).isEqualTo(9);
    assertThat(
            db.number(
                "select count(*) from audit.events"
                    + " where hash <> encode(sha256(convert_to(record, 'UTF8')), 'hex')"
                    + " or record::jsonb ->> 'id' <> id::text"
                    + " or (record::jsonb ->> 'seq')::bigint <> seq"
                    + " or record::jsonb ->> 'agent' is distinct from agent"
                    + " or (record::jsonb ->> 'session')::uuid is distinct from session_id"
                    + " or record::jsonb ->> 'decision' is distinct from decision"))
        .isZero();
    assertThat(
            db.number(
                "select count(*) from audit.events e join audit.events p"
                    + " on p.chain = e.chain and p.seq = e.seq - 1 where e.prev_hash <> p.hash"))
        .isZero();

    assertThat(db.row("select * from audit.sessions where session_id = ?", session.id().value()))
        .contains(
            entry("protocol", "postgres"),
            entry("connection", "orders-db"),
            entry("agent", "report-bot"),
            entry("subject", "sub-report-bot"),
            entry("issuer", "https://idp"),
            entry("client", "10.1.2.3"),
            entry("end_reason", "client closed"),
            entry("duration_ms", 1500L),
            entry("bytes_from_agent", 1234L),
            entry("bytes_to_agent", 5678L),
            entry("operations", 3L),
            entry("denied", 1L))
        .hasEntrySatisfying("ended_at", ended -> assertThat(ended).isNotNull());

    List<Map<String, Object>> operations =
        db.rows(
            "select operation, decision, grant_id, reason, statement, executions, rows, status"
                + " from audit.operations where session_id = ? order by operation",
            session.id().value());
    assertThat(operations).hasSize(3);
    assertThat(operations.get(0))
        .containsEntry("decision", "allow")
        .containsEntry("grant_id", "orders-read")
        .containsEntry("statement", "select id, total from orders where id = 1")
        .containsEntry("executions", 1L)
        .containsEntry("status", "00000");
    assertThat(((Number) operations.get(0).get("rows")).longValue()).isEqualTo(5);
    assertThat(operations.get(1))
        .containsEntry("decision", "deny")
        .containsEntry("reason", "no grant covers orders.secret")
        .containsEntry("executions", 0L);
    assertThat(operations.get(2)).containsEntry("decision", "review");

    assertThat(db.rows("select operation from audit.denials order by operation"))
        .extracting(row -> row.get("operation"))
        .containsExactly(2L, 3L);
    assertThat(db.row("select operations, allowed, denied, held from audit.agent_activity"))
        .containsExactly(
            entry("operations", 3L), entry("allowed", 1L), entry("denied", 1L), entry("held", 1L));
    assertThat(db.row("select claimed_agent, client, reason from audit.auth_failures"))
        .containsExactly(
            entry("claimed_agent", "mallory"),
            entry("client", "10.0.0.9"),
            entry("reason", "token signature invalid"));

    assertThat(
            db.row(
                "select c.kind, c.last_seq, c.events, c.last_hash = e.hash as head"
                    + " from audit.chains c join audit.events e on e.chain = c.chain"
                    + " and e.type = 'session.end' where c.chain = ?",
                session.id().value()))
        .containsExactly(
            entry("kind", "session"),
            entry("last_seq", 6L),
            entry("events", 6L),
            entry("head", true));
    // gateway.start, session.opened, auth.failure
    assertThat(db.row("select kind, last_seq, events from audit.chains where chain = ?", run))
        .containsExactly(entry("kind", "gateway"), entry("last_seq", 3L), entry("events", 3L));
  }

  @Test
  void aSessionsStartMayArriveAfterItsOperationsAndEnd() throws Exception {
    SessionInfo session = Events.session("report-bot");
    UUID chain = session.id().value();
    List<byte[]> records =
        chained(
            chain,
            Events.start(session),
            Events.allowed(session, 1),
            Events.operation(session, 2, new Decision.Deny("no grant covers it", "ask for one")),
            Events.end(session));
    try (Journal journal = journal(dir, 1 << 20, 2)) {
      // the operations and the end on one lane (segment 1), the start on another (segment 2)
      for (byte[] record : records.subList(1, 4)) {
        journal.append(record);
      }
      Thread other = Thread.ofPlatform().start(() -> append(journal, records.getFirst()));
      other.join();
      assertThat(journal.pending()).hasSize(2);
      try (Shipper shipper =
          Shipper.start(journal, db.database(), registry, Clock.systemUTC(), batchesOf(2))) {
        assertThat(shipper.awaitCaughtUp(WAIT)).isTrue();
      }
    }

    assertThat(
            db.row(
                "select operations, denied, end_reason, duration_ms from audit.sessions"
                    + " where session_id = ?",
                chain))
        .containsExactly(
            entry("operations", 2L),
            entry("denied", 1L),
            entry("end_reason", "client closed"),
            entry("duration_ms", 1500L));
    assertThat(
            db.row(
                "select kind, last_seq, events, last_hash, first_time = (select time from"
                    + " audit.events where chain = c.chain and seq = 1) as first"
                    + " from audit.chains c where chain = ?",
                chain))
        .containsExactly(
            entry("kind", "session"),
            entry("last_seq", 4L),
            entry("events", 4L),
            entry("last_hash", Hashes.sha256(records.getLast())),
            entry("first", true));
  }

  /** The events' canonical records, chained in the order given. */
  private static List<byte[]> chained(UUID chain, AuditEvent... events) {
    List<byte[]> records = new ArrayList<>();
    String prev = null;
    for (AuditEvent event : events) {
      byte[] record =
          CanonicalEncoding.encode(event, new ChainLink(chain, records.size() + 1, prev));
      records.add(record);
      prev = Hashes.sha256(record);
    }
    return records;
  }

  private static void append(Journal journal, byte[] record) {
    try {
      journal.append(record);
    } catch (JournalUnavailableException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void recordsShippedAgainAfterTheCheckpointWasLostAreStoredOnce() throws Exception {
    SessionInfo session = Events.session("report-bot");
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    Path third = dir.resolve("third");
    try (Journal journal = journal(first, 1 << 20, 1)) {
      JournalAuditSink sink = sink(journal, registry);
      sink.record(Events.start(session));
      sink.record(Events.allowed(session, 1));
      sink.record(
          Events.operation(session, 2, new Decision.Deny("no grant covers it", "ask for one")));
      try (Shipper shipper =
          Shipper.start(journal, db.database(), registry, Clock.systemUTC(), batchesOf(3))) {
        assertThat(shipper.awaitCaughtUp(WAIT)).isTrue();
      }
      sink.record(Events.allowed(session, 3));
      sink.record(Events.result(session, 3, 7));
      sink.record(Events.end(session));
      copySegments(first, second);
      copySegments(first, third);
    }
    // the gateway's start, the session's start and its session.opened, two operations
    assertThat(db.number("select count(*) from audit.events")).isEqualTo(5);

    // as after a crash between a commit and its checkpoint: all eight records are pending again,
    // five of them already stored, and batches of three mix stored and new ones
    SimpleMeterRegistry again = new SimpleMeterRegistry();
    try (Journal journal = journal(second, 1 << 20, 1)) {
      assertThat(journal.pending()).isNotEmpty();
      try (Shipper shipper =
          Shipper.start(journal, db.database(), again, Clock.systemUTC(), batchesOf(3))) {
        assertThat(shipper.awaitCaughtUp(WAIT)).isTrue();
        assertThat(again.get(ShippingMeters.SHIPPED).counter().count()).isEqualTo(3.0);
      }
    }
    assertStoredOnce(session);

    SimpleMeterRegistry thrice = new SimpleMeterRegistry();
    try (Journal journal = journal(third, 1 << 20, 1);
        Shipper shipper = Shipper.start(journal, db.database(), thrice, Clock.systemUTC())) {
      assertThat(shipper.awaitCaughtUp(WAIT)).isTrue();
      assertThat(thrice.get(ShippingMeters.SHIPPED).counter().count()).isZero();
    }
    assertStoredOnce(session);
  }

  private void assertStoredOnce(SessionInfo session) throws Exception {
    // the session's six, the run's gateway.start and session.opened
    assertThat(db.number("select count(*) from audit.events")).isEqualTo(8);
    assertThat(db.number("select count(distinct id) from audit.events")).isEqualTo(8);
    assertThat(
            db.row(
                "select operations, denied, end_reason from audit.sessions where session_id = ?",
                session.id().value()))
        .containsExactly(
            entry("operations", 3L), entry("denied", 1L), entry("end_reason", "client closed"));
    assertThat(
            db.row(
                "select last_seq, events from audit.chains where chain = ?", session.id().value()))
        .containsExactly(entry("last_seq", 6L), entry("events", 6L));
    assertThat(db.number("select sum(events) from audit.chains")).isEqualTo(8);
  }

  private static void copySegments(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    for (Path segment : SegmentFiles.list(from)) {
      Files.copy(segment, to.resolve(segment.getFileName()));
    }
  }
}
