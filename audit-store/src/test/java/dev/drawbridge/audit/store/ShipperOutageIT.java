package dev.drawbridge.audit.store;

import static dev.drawbridge.audit.store.ShipperTests.eventually;
import static dev.drawbridge.audit.store.ShipperTests.shipperThreads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import ch.qos.logback.classic.Level;
import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.config.AuditFailurePolicy;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away for real (connections refused, sessions terminated) while events are
 * recorded, and comes back: everything arrives, once.
 */
@ExtendWith(TestPostgres.class)
class ShipperOutageIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Quick retries, so that an outage of seconds sees several. */
  private static final Shipper.Options QUICK =
      new Shipper.Options(
          100,
          4L << 20,
          Duration.ofMillis(50),
          Duration.ofMillis(50),
          Duration.ofMillis(400),
          Duration.ofSeconds(1));

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

  private Journal journal() throws Exception {
    return Journal.open(new Journal.Options(dir, 1 << 20, 64L << 20, Duration.ofMillis(20), 1));
  }

  private JournalAuditSink sink(Journal journal) {
    return JournalAuditSink.start(
        journal, AuditFailurePolicy.FAIL_CLOSED, Clock.systemUTC(), registry, "gw-test", "1");
  }

  @Test
  void eventsRecordedWhileTheDatabaseIsAwayArriveOnceWhenItIsBack() throws Exception {
    SessionInfo session = Events.session("report-bot");
    int operations = 50;
    // gateway.start, session.start and its session.opened, the operations, session.end,
    // auth.failure
    long total = 1 + 2 + operations + 1 + 1;
    try (Journal journal = journal();
        CapturedLogs logs = CapturedLogs.of(Shipper.class);
        Shipper shipper =
            Shipper.start(journal, db.database(), registry, Clock.systemUTC(), QUICK)) {
      JournalAuditSink sink = sink(journal);
      sink.record(Events.start(session));
      sink.record(Events.allowed(session, 1));
      assertThat(shipper.awaitCaughtUp(WAIT)).isTrue();

      db.cutOff();
      for (int i = 2; i <= operations; i++) {
        sink.record(Events.allowed(session, i));
      }
      sink.record(Events.end(session));
      sink.record(Events.authFailure(Instant.now()));

      assertThat(eventually(() -> failures() >= 4)).isTrue();
      assertThat(shipper.awaitCaughtUp(Duration.ofMillis(200))).isFalse();
      assertThat(registry.get(ShippingMeters.QUEUE_DEPTH).gauge().value()).isPositive();
      assertThat(registry.get(ShippingMeters.LAG).gauge().value()).isPositive();
      assertThat(logs.at(Level.WARN))
          .as("logged once, not for each of the %s failures", failures())
          .singleElement()
          .asString()
          .contains("unreachable");

      db.restore();

      assertThat(shipper.awaitCaughtUp(WAIT)).isTrue();
      assertThat(registry.get(ShippingMeters.LAG).gauge().value()).isZero();
      assertThat(logs.at(Level.WARN)).hasSize(1);
      assertThat(logs.at(Level.ERROR)).isEmpty();
      assertThat(logs.at(Level.INFO)).anySatisfy(m -> assertThat(m).contains("resumed"));
      assertThat(registry.get(ShippingMeters.SHIPPED).counter().count()).isEqualTo(total);
    }

    assertThat(db.number("select count(*) from audit.events")).isEqualTo(total);
    assertThat(db.number("select count(distinct id) from audit.events")).isEqualTo(total);
    assertThat(
            db.row(
                "select operations, end_reason from audit.sessions where session_id = ?",
                session.id().value()))
        .containsExactly(
            entry("operations", (long) operations), entry("end_reason", "client closed"));
    assertThat(db.number("select events from audit.chains where chain = ?", session.id().value()))
        .isEqualTo(operations + 2);
  }

  @Test
  void closingWhileTheDatabaseIsAwayKeepsTheRecordsForTheNextStart() throws Exception {
    SessionInfo session = Events.session("report-bot");
    try (Journal journal = journal()) {
      JournalAuditSink sink = sink(journal);
      Shipper shipper = Shipper.start(journal, db.database(), registry, Clock.systemUTC(), QUICK);
      assertThat(shipper.awaitCaughtUp(WAIT)).isTrue();

      db.cutOff();
      sink.record(Events.start(session));
      sink.record(Events.allowed(session, 1));
      assertThat(eventually(() -> failures() >= 1)).isTrue();

      long started = System.nanoTime();
      shipper.close();

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      assertThat(shipperThreads()).isZero();
      assertThat(journal.pendingBytes()).isPositive();

      db.restore();
      try (Shipper next =
          Shipper.start(journal, db.database(), new SimpleMeterRegistry(), Clock.systemUTC())) {
        assertThat(next.awaitCaughtUp(WAIT)).isTrue();
      }
    }
    // gateway.start, session.start, its session.opened, the operation
    assertThat(db.number("select count(*) from audit.events")).isEqualTo(4);
    assertThat(db.number("select count(distinct id) from audit.events")).isEqualTo(4);
  }

  private double failures() {
    return registry.get(ShippingMeters.FAILURES).counter().count();
  }
}
