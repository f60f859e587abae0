package dev.drawbridge.audit.store;

import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.audit.record.CanonicalEncoding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Inserts records into {@code audit.events}. A batch is first inserted as it is ({@link
 * #insertNew}); only when the database already holds some of it (a batch shipped again after a
 * crash between its commit and the journal's checkpoint: a unique violation) is it inserted
 * skipping those ({@link #insert}), which tells which it inserted. The plain insert costs the
 * database about a quarter less per row than the one that checks each row for a conflict and
 * returns its id.
 */
final class EventRows {

  private static final String COLUMNS =
      """
      insert into audit.events (id, time, chain, seq, type, prev_hash, hash, record,
                                session_id, agent, connection, operation, action, decision)
      select * from unnest(?::uuid[], ?::timestamptz[], ?::uuid[], ?::bigint[], ?::text[],
                           ?::text[], ?::text[], ?::text[],
                           ?::uuid[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[])""";

  private static final String INSERT_NEW = COLUMNS;

  private static final String INSERT =
      COLUMNS
          + """

          on conflict do nothing
          returning id""";

  /** SQLSTATE of a unique violation: some of the batch is stored already. */
  private static final String UNIQUE_VIOLATION = "23505";

  private EventRows() {}

  /** The columns copied from the record, besides its envelope (verify checks they agree). */
  static final List<String> COPIED =
      List.of("session", "agent", "connection", "operation", "action", "decision");

  /**
   * Inserts {@code events}, none of which the database may hold yet; answers them. Fails with a
   * unique violation ({@link #storedAlready}) when it holds one.
   */
  static List<StoredEvent> insertNew(Connection connection, List<StoredEvent> events)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_NEW)) {
      PgArrays.bind(insert, columns(events));
      insert.executeUpdate();
    }
    return events;
  }

  /** Whether {@code failure} says that some of the events were stored already. */
  static boolean storedAlready(SQLException failure) {
    return UNIQUE_VIOLATION.equals(failure.getSQLState());
  }

  /** Inserts {@code records}; returns those that were not stored yet, in their order. */
  static List<StoredEvent> insert(Connection connection, List<StoredEvent> events)
      throws SQLException {
    Set<UUID> inserted = new HashSet<>();
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      PgArrays.bind(insert, columns(events));
      try (ResultSet rows = insert.executeQuery()) {
        while (rows.next()) {
          inserted.add(rows.getObject(1, UUID.class));
        }
      }
    }
    List<StoredEvent> stored = new ArrayList<>(inserted.size());
    for (StoredEvent event : events) {
      if (inserted.contains(event.record().id())) {
        stored.add(event);
      }
    }
    return stored;
  }

  /** The statement's parameters: each column's values, in the events' order. */
  private static List<List<Object>> columns(List<StoredEvent> events) {
    int n = events.size();
    List<List<Object>> copied = new ArrayList<>();
    for (int i = 0; i < COPIED.size(); i++) {
      copied.add(new ArrayList<>(n));
    }
    List<Object> ids = new ArrayList<>(n);
    List<Object> times = new ArrayList<>(n);
    List<Object> chains = new ArrayList<>(n);
    List<Object> seqs = new ArrayList<>(n);
    List<Object> types = new ArrayList<>(n);
    List<Object> prevs = new ArrayList<>(n);
    List<Object> hashes = new ArrayList<>(n);
    List<Object> bodies = new ArrayList<>(n);
    for (StoredEvent event : events) {
      AuditRecord record = event.record();
      ids.add(record.id());
      times.add(CanonicalEncoding.time(record.time()));
      chains.add(record.chain());
      seqs.add(record.seq());
      types.add(record.type());
      prevs.add(record.link().prev());
      hashes.add(event.hash());
      bodies.add(record.json());
      for (int i = 0; i < COPIED.size(); i++) {
        copied.get(i).add(event.text(COPIED.get(i)));
      }
    }
    List<List<Object>> columns =
        new ArrayList<>(List.of(ids, times, chains, seqs, types, prevs, hashes, bodies));
    columns.addAll(copied);
    return columns;
  }
}
