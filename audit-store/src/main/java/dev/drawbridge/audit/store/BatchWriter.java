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

  BatchWriter(AuditDatabase database, Partitions partitions) {
    this.database = database;
    this.partitions = partitions;
  }

  /** Writes {@code batch}; returns how many of its events the database did not hold yet. */
  int write(Batch batch) throws SQLException {
    try (Connection connection = database.connection()) {
      partitions.ensure(connection, batch.records());
      connection.setAutoCommit(false);
      try {
        List<StoredEvent> stored = EventRows.insert(connection, batch.events());
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
