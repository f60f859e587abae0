package dev.drawbridge.audit.store;

import dev.drawbridge.audit.record.AuditRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes sure {@code audit.events} has a partition for every month an event falls in (months in UTC,
 * as the partitions are), remembering those already ensured, and keeps the next months created
 * ahead, again every hour. Forgotten after a failure, in case the database was replaced.
 */
final class Partitions {

  /** Months created ahead of the current one. */
  static final int MONTHS_AHEAD = 3;

  private static final Duration AHEAD_EVERY = Duration.ofHours(1);

  private final Clock clock;
  private final Set<YearMonth> ensured = new HashSet<>();
  private Instant aheadAt;

  Partitions(Clock clock) {
    this.clock = clock;
  }

  /** Whether the months ahead are due to be ensured again. */
  boolean aheadDue() {
    return aheadAt == null || !clock.instant().isBefore(aheadAt.plus(AHEAD_EVERY));
  }

  /** Ensures the months ahead (when due) and every month {@code records} fall in. */
  void ensure(Connection connection, Iterable<AuditRecord> records) throws SQLException {
    if (aheadDue()) {
      ensureAhead(connection);
    }
    Set<YearMonth> months = new TreeSet<>();
    for (AuditRecord record : records) {
      YearMonth month = YearMonth.from(record.time().atOffset(ZoneOffset.UTC));
      if (!ensured.contains(month)) {
        months.add(month);
      }
    }
    if (months.isEmpty()) {
      return;
    }
    try (PreparedStatement ensure =
        connection.prepareStatement("select audit.ensure_partition(?)")) {
      for (YearMonth month : months) {
        ensure.setObject(1, month.atDay(1));
        ensure.execute();
        ensured.add(month);
      }
    }
  }

  /** Creates the current month's partition and the next ones, if they are missing. */
  void ensureAhead(Connection connection) throws SQLException {
    try (PreparedStatement ahead =
        connection.prepareStatement("select audit.ensure_partitions(?)")) {
      ahead.setInt(1, MONTHS_AHEAD);
      ahead.execute();
    }
    aheadAt = clock.instant();
  }

  void forget() {
    ensured.clear();
    aheadAt = null;
  }
}
