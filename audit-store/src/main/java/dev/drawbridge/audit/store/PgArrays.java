package dev.drawbridge.audit.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Columns of many rows sent as one {@code text[]} parameter each, which the statement casts to the
 * column's type and {@code unnest}s: one statement of fixed shape for a batch of any size.
 */
final class PgArrays {

  private PgArrays() {}

  /** Binds each column's values, in order, to the statement's parameters. */
  static void bind(PreparedStatement statement, List<? extends List<?>> columns)
      throws SQLException {
    Connection connection = statement.getConnection();
    for (int i = 0; i < columns.size(); i++) {
      statement.setArray(i + 1, text(connection, columns.get(i)));
    }
  }

  private static Array text(Connection connection, List<?> values) throws SQLException {
    String[] texts = new String[values.size()];
    for (int i = 0; i < texts.length; i++) {
      Object value = values.get(i);
      texts[i] = value == null ? null : value.toString();
    }
    return connection.createArrayOf("text", texts);
  }
}
