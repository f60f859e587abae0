package dev.drawbridge.audit.store;

import static dev.drawbridge.audit.store.ShipperTests.WAIT;
import static dev.drawbridge.audit.store.ShipperTests.batchesOf;
import static dev.drawbridge.audit.store.ShipperTests.journal;
import static dev.drawbridge.audit.store.ShipperTests.passesEvery;
import static dev.drawbridge.audit.store.ShipperTests.shipperThreads;
import static dev.drawbridge.audit.store.ShipperTests.sink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import ch.qos.logback.classic.Level;
import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.audit.journal.SegmentFiles;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The shipper and the journal: trimming, corrupt segments, closing. */
@ExtendWith(TestPostgres.class)
class ShipperJournalIT {

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
  void segmentsAreTrimmedAsTheyAreShippedWhileLanesWrite() throws Exception {
    int perSession = 300;
    AtomicLong highestSegment = new AtomicLong();
    try (Journal journal = journal(dir, 4096, 2)) {
      JournalAuditSink sink = sink(journal, registry);
      try (Shipper shipper =
          Shipper.start(journal, db.database(), registry, Clock.systemUTC(), batchesOf(50))) {
        List<SessionInfo> sessions =
            List.of(Events.session("writer-a"), Events.session("writer-b"));
        List<Thread> writers =
            sessions.stream()
                .map(
                    session ->
                        Thread.ofPlatform()
                            .start(
                                () -> {
                                  sink.record(Events.start(session));
                                  for (int i = 1; i <= perSession; i++) {
                                    sink.record(Events.allowed(session, i));
                                    if (i % 50 == 0) {
                                      highestSegment.accumulateAndGet(
                                          lastSegment(journal.dir()), Math::max);
                                    }
                                  }
                                  sink.record(Events.end(session));
                                }))
                .toList();
        for (Thread writer : writers) {
          writer.join();
        }

        assertThat(shipper.awaitCaughtUp(WAIT)).isTrue();
        assertThat(highestSegment.get()).isGreaterThan(20);
        assertThat(SegmentFiles.list(dir)).hasSizeLessThanOrEqualTo(2);
        assertThat(journal.retainedBytes()).isLessThanOrEqualTo(2 * 4096);
        assertThat(registry.get(ShippingMeters.JOURNAL_BYTES).gauge().value())
            .isLessThanOrEqualTo(2 * 4096);
        assertThat(registry.get(ShippingMeters.QUEUE_DEPTH).gauge().value()).isZero();
        for (SessionInfo session : sessions) {
          assertThat(
                  db.row(
                      "select operations, end_reason from audit.sessions where session_id = ?",
                      session.id().value()))
              .containsExactly(
                  entry("operations", (long) perSession), entry("end_reason", "client closed"));
        }
        // the gateway's start; each session's start, its session.opened, operations and end
        assertThat(registry.get(ShippingMeters.SHIPPED).counter().count())
            .isEqualTo(1 + 2 * (perSession + 3));
      }
    }
    assertThat(db.number("select count(*) from audit.events")).isEqualTo(1 + 2 * (perSession + 3));
  }

  private static long lastSegment(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.matches("segment-\\d{16}\\.journal"))
          .mapToLong(n -> Long.parseLong(n.substring(8, 24)))
          .max()
          .orElse(0);
    } catch (Exception e) {
      return 0;
    }
  }

  @Test
  void aCorruptSealedSegmentIsShippedAsFarAsItIsWholeAndSkipped() throws Exception {
    SessionInfo session = Events.session("report-bot");
    int operations = 40;
    try (Journal journal = journal(dir, 4096, 1);
        CapturedLogs logs = CapturedLogs.of(Shipper.class)) {
      JournalAuditSink sink = sink(journal, registry);
      sink.record(Events.start(session));
      for (int i = 1; i <= operations; i++) {
        sink.record(Events.allowed(session, i));
      }
      Journal.Pending damaged = journal.pending().getFirst();
      assertThat(damaged.sealed()).isTrue();
      List<Long> ends = JournalFiles.recordEnds(damaged.path());
      assertThat(ends).hasSizeGreaterThan(3);
      JournalFiles.corrupt(damaged.path(), ends.get(1) + 12);
      long lost = ends.size() - 2;

      try (Shipper shipper = Shipper.start(journal, db.database(), registry, Clock.systemUTC())) {
        assertThat(shipper.awaitCaughtUp(WAIT)).isTrue();
      }

      // the gateway's start, the session's start and its session.opened, the operations
      assertThat(db.number("select count(*) from audit.events"))
          .isEqualTo(1 + 2 + operations - lost);
      assertThat(Files.exists(damaged.path())).isFalse();
      assertThat(logs.at(Level.ERROR))
          .singleElement()
          .asString()
          .contains(damaged.path().getFileName().toString())
          .contains("offset " + ends.get(1));
    }
  }

  @Test
  void closingShipsWhatIsPendingAtOnceAndStopsTheThread() throws Exception {
    try (Journal journal = journal(dir, 1 << 20, 1)) {
      JournalAuditSink sink = sink(journal, registry);
      Shipper shipper =
          Shipper.start(
              journal,
              db.database(),
              registry,
              Clock.systemUTC(),
              passesEvery(Duration.ofSeconds(30)));
      assertThat(shipper.awaitCaughtUp(WAIT)).isTrue();
      SessionInfo session = Events.session("late-bot");
      sink.record(Events.start(session));
      sink.record(Events.allowed(session, 1));

      shipper.close();

      assertThat(journal.pendingBytes()).isZero();
      assertThat(shipperThreads()).isZero();
    }
    // gateway.start, session.start, its session.opened, the operation
    assertThat(db.number("select count(*) from audit.events")).isEqualTo(4);
  }
}
