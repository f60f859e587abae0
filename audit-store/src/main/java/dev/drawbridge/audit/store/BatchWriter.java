package dev.drawbridge.audit.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes a batch in one transaction: its events that are not stored yet, then the chain heads and
 * session rows that follow from those. Either all of it is in the database or none of it.
 */
final class BatchWriter {

  private final AuditDatabase database;
  private final Partitions partitions;
  private final RejectedRecords rejected;

  BatchWriter(AuditDatabase database, Partitions partitions, RejectedRecords rejected) {
    this.database = database;
    this.partitions = partitions;
    this.rejected = rejected;
  }

  /**
   * Writes {@code batch}; returns how many of its events the database did not hold yet. When the
   * database refuses the batch for what it holds, each event is written alone and those it still
   * refuses are kept aside ({@link RejectedRecords}): one bad record never stops the rest.
   */
  int write(Batch batch) throws SQLException, java.io.IOException {
    try {
      return write(batch.events());
    } catch (SQLException e) {
      if (!RejectedRecords.permanent(e)) {
        throw e;
      }
      int stored = 0;
      for (StoredEvent event : batch.events()) {
        try {
          stored += write(List.of(event));
        } catch (SQLException one) {
          if (!RejectedRecords.permanent(one)) {
            throw one;
          }
          rejected.keep(event, one);
        }
      }
      return stored;
    }
  }

  /**
   * Writes {@code events} in one transaction, inserted as new; when the database holds some of them
   * already (shipped again after a crash between a commit and the checkpoint), again, skipping
   * those.
   */
  private int write(List<StoredEvent> events) throws SQLException {
    try {
      return write(events, EventRows::insertNew);
    } catch (SQLException e) {
      if (!EventRows.storedAlready(e)) {
        throw e;
      }
      return write(events, EventRows::insert);
    }
  }

  /** How a batch's events go into {@code audit.events}; answers those inserted. */
  @FunctionalInterface
  private interface Insert {
    List<StoredEvent> into(Connection connection, List<StoredEvent> events) throws SQLException;
  }

  private int write(List<StoredEvent> events, Insert insert) throws SQLException {
    try (Connection connection = database.connection()) {
      partitions.ensure(connection, events.stream().map(StoredEvent::record).toList());
      connection.setAutoCommit(false);
      try {
        List<StoredEvent> stored = insert.into(connection, events);
        ChainRows.update(connection, stored);
        SessionRows.update(connection, stored);
        connection.commit();
        return stored.size();
      } catch (SQLException | RuntimeException e) {
        rollback(connection, e);
        throw e;
      }
    }
  }

  /** Keeps the months ahead created, when that is due. */
  void keepAhead() throws SQLException {
    if (partitions.aheadDue()) {
      try (Connection connection = database.connection()) {
        partitions.ensureAhead(connection);
      }
    }
  }

  void forget() {
    partitions.forget();
  }

  private static void rollback(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
