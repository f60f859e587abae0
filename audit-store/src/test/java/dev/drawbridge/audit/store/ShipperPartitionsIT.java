package dev.drawbridge.audit.store;

import static dev.drawbridge.audit.store.ShipperTests.WAIT;
import static dev.drawbridge.audit.store.ShipperTests.eventually;
import static dev.drawbridge.audit.store.ShipperTests.journal;
import static dev.drawbridge.audit.store.ShipperTests.sink;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.testing.MutableClock;
import dev.drawbridge.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The monthly partitions of {@code audit.events}, created as the shipper needs them. */
@ExtendWith(TestPostgres.class)
class ShipperPartitionsIT {

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

  private static String partition(YearMonth month) {
    return "events_" + month.format(DateTimeFormatter.ofPattern("uuuu_MM"));
  }

  @Test
  void anEventInAMonthWithoutAPartitionGetsOne() throws Exception {
    Instant nextYear = ZonedDateTime.now(ZoneOffset.UTC).plusMonths(13).toInstant();
    String partition = partition(YearMonth.from(nextYear.atOffset(ZoneOffset.UTC)));
    assertThat(db.exists(partition)).isFalse();

    try (Journal journal = journal(dir, 1 << 20, 1)) {
      sink(journal, registry).record(Events.authFailure(nextYear));
      try (Shipper shipper = Shipper.start(journal, db.database(), registry, Clock.systemUTC())) {
        assertThat(shipper.awaitCaughtUp(WAIT)).isTrue();
      }
    }
    assertThat(db.number("select count(*) from audit." + partition)).isEqualTo(1);
    assertThat(db.number("select count(*) from audit.events")).isEqualTo(2);
  }

  @Test
  void aPartitionIsAUtcMonthWhateverTheTimeZoneOfTheSessionThatMadeIt() throws Exception {
    YearMonth month = YearMonth.now(ZoneOffset.UTC).plusMonths(20);
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("set time zone 'Pacific/Kiritimati'");
      statement.execute("select audit.ensure_partition('" + month.atDay(1) + "')");
    }
    Instant first = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant last = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    try (Journal journal = journal(dir, 1 << 20, 1)) {
      JournalAuditSink sink = sink(journal, registry);
      sink.record(Events.authFailure(first));
      sink.record(Events.authFailure(last.minus(1, ChronoUnit.MICROS)));
      try (Shipper shipper = Shipper.start(journal, db.database(), registry, Clock.systemUTC())) {
        assertThat(shipper.awaitCaughtUp(WAIT)).isTrue();
      }
    }
    assertThat(db.number("select count(*) from audit." + partition(month))).isEqualTo(2);
  }

  @Test
  void theMonthsAheadAreCreatedAtStartAndAgainEveryHour() throws Exception {
    String ahead = partition(YearMonth.now(ZoneOffset.UTC).plusMonths(Partitions.MONTHS_AHEAD));
    dropTable(ahead);
    MutableClock clock = new MutableClock(Instant.now());
    try (Journal journal = journal(dir, 1 << 20, 1);
        Shipper shipper = Shipper.start(journal, db.database(), registry, clock)) {
      assertThat(eventually(() -> db.exists(ahead))).as("created at start").isTrue();

      dropTable(ahead);
      clock.advance(Duration.ofMinutes(59));
      Thread.sleep(500);
      assertThat(db.exists(ahead)).as("not again within the hour").isFalse();

      clock.advance(Duration.ofMinutes(2));
      assertThat(eventually(() -> db.exists(ahead))).as("again after an hour").isTrue();
      assertThat(shipper.awaitCaughtUp(WAIT)).isTrue();
    }
  }

  private void dropTable(String table) throws Exception {
    try (var connection = db.connect();
        var statement = connection.createStatement()) {
      statement.execute("drop table audit." + table);
    }
  }
}
