package dev.drawbridge.audit.query;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Rows of {@code audit.events} and {@code audit.chains} to values, and times to parameters. */
final class ResultRows {

  /** The plain columns of {@code audit.events} a {@link StoredEvent} holds, in its order. */
  static final String COLUMNS =
      "id, time, chain, seq, type, prev_hash, hash, record, "
          + String.join(", ", CopiedColumns.NAMES);

  private ResultRows() {}

  static StoredEvent event(ResultSet row) throws SQLException {
    return new StoredEvent(
        row.getObject("id", UUID.class),
        instant(row, "time"),
        row.getObject("chain", UUID.class),
        row.getLong("seq"),
        row.getString("type"),
        row.getString("prev_hash"),
        row.getString("hash"),
        row.getString("record"),
        copied(row));
  }

  private static CopiedColumns copied(ResultSet row) throws SQLException {
    String[] values = new String[CopiedColumns.NAMES.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = row.getString(CopiedColumns.NAMES.get(i));
    }
    return CopiedColumns.of(values);
  }

  static ChainHead head(ResultSet row) throws SQLException {
    return new ChainHead(
        row.getObject("chain", UUID.class),
        ChainKind.ofColumn(row.getString("kind")),
        instant(row, "first_time"),
        instant(row, "last_time"),
        row.getLong("last_seq"),
        row.getString("last_hash"),
        row.getLong("events"));
  }

  static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  static void set(PreparedStatement statement, int index, Instant time) throws SQLException {
    statement.setObject(index, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
  }
}
