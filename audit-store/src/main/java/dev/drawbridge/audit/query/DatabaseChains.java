package dev.drawbridge.audit.query;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Reads a window's chains from the database in one read-only repeatable-read transaction, so the
 * events, the heads and the events before the window are one consistent snapshot however busy the
 * shipper is. Events are streamed with a cursor; one chain at a time is held in memory.
 */
final class DatabaseChains {

  private static final int FETCH = 1000;

  private final DataSource dataSource;

  DatabaseChains(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  void read(TimeWindow window, RecordSource.ChainVisitor visitor)
      throws AuditQueryException, IOException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        Map<UUID, StoredEvent> before =
            window.from() == null ? Map.of() : predecessors(connection, window);
        Map<UUID, ChainHead> heads = heads(connection, window);
        events(connection, window, before, heads, visitor);
        for (ChainHead head : heads.values()) {
          visitor.visit(
              new ChainSlice(
                  head.chain(),
                  List.of(),
                  Optional.ofNullable(before.get(head.chain())),
                  Optional.of(head),
                  true));
        }
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw SqlFailures.wrap("cannot read the audit events", e);
    }
  }

  /** For each chain whose first event in the window is not its first, the nearest one before. */
  private static Map<UUID, StoredEvent> predecessors(Connection connection, TimeWindow window)
      throws SQLException {
    String sql =
        "select distinct on (w.chain) "
            + prefixed("p")
            + " from (select chain, min(seq) as first_seq from audit.events where time >= ?"
            + (window.to() == null ? "" : " and time < ?")
            + " group by chain having min(seq) > 1) w"
            + " join audit.events p on p.chain = w.chain and p.seq < w.first_seq"
            + " order by w.chain, p.seq desc, p.id";
    Map<UUID, StoredEvent> before = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, window);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          StoredEvent event = ResultRows.event(row);
          before.put(event.chain(), event);
        }
      }
    }
    return before;
  }

  /** The heads of chains whose span meets the window, by chain. */
  private static Map<UUID, ChainHead> heads(Connection connection, TimeWindow window)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "select chain, kind, first_time, last_time, last_seq, last_hash, events"
                + " from audit.chains where true");
    window.start().ifPresent(t -> sql.append(" and last_time >= ?"));
    window.end().ifPresent(t -> sql.append(" and first_time < ?"));
    sql.append(" order by chain");
    Map<UUID, ChainHead> heads = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      bind(statement, window);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          ChainHead head = ResultRows.head(row);
          heads.put(head.chain(), head);
        }
      }
    }
    return heads;
  }

  /** Streams the window's events, handing over each chain as its last row is read. */
  private static void events(
      Connection connection,
      TimeWindow window,
      Map<UUID, StoredEvent> before,
      Map<UUID, ChainHead> heads,
      RecordSource.ChainVisitor visitor)
      throws SQLException, IOException {
    StringBuilder sql =
        new StringBuilder("select " + ResultRows.COLUMNS + " from audit.events where true");
    window.start().ifPresent(t -> sql.append(" and time >= ?"));
    window.end().ifPresent(t -> sql.append(" and time < ?"));
    sql.append(" order by chain, seq, id");
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      statement.setFetchSize(FETCH);
      bind(statement, window);
      try (ResultSet row = statement.executeQuery()) {
        UUID chain = null;
        List<StoredEvent> events = new ArrayList<>();
        while (row.next()) {
          StoredEvent event = ResultRows.event(row);
          if (chain != null && !chain.equals(event.chain())) {
            hand(chain, events, before, heads, visitor);
            events = new ArrayList<>();
          }
          chain = event.chain();
          events.add(event);
        }
        if (chain != null) {
          hand(chain, events, before, heads, visitor);
        }
      }
    }
  }

  private static void hand(
      UUID chain,
      List<StoredEvent> events,
      Map<UUID, StoredEvent> before,
      Map<UUID, ChainHead> heads,
      RecordSource.ChainVisitor visitor)
      throws IOException {
    visitor.visit(
        new ChainSlice(
            chain,
            events,
            Optional.ofNullable(before.get(chain)),
            Optional.ofNullable(heads.remove(chain)),
            true));
  }

  private static void bind(PreparedStatement statement, TimeWindow window) throws SQLException {
    int index = 1;
    if (window.from() != null) {
      ResultRows.set(statement, index++, window.from());
    }
    if (window.to() != null) {
      ResultRows.set(statement, index, window.to());
    }
  }

  private static String prefixed(String alias) {
    StringBuilder columns = new StringBuilder();
    for (String column : ResultRows.COLUMNS.split(", ")) {
      if (!columns.isEmpty()) {
        columns.append(", ");
      }
      columns.append(alias).append('.').append(column);
    }
    return columns.toString();
  }
}
