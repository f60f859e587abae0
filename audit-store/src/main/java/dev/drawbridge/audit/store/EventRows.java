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
 * Inserts records into {@code audit.events}, skipping those already there (a batch shipped again
 * after a crash between its commit and the journal's checkpoint), and tells which it inserted.
 */
final class EventRows {

  private static final String INSERT =
      """
      insert into audit.events (id, time, chain, seq, type, prev_hash, hash, record,
                                session_id, agent, connection, operation, action, decision)
      select * from unnest(?::uuid[], ?::timestamptz[], ?::uuid[], ?::bigint[], ?::text[],
                           ?::text[], ?::text[], ?::text[],
                           ?::uuid[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[])
      on conflict do nothing
      returning id""";

  private EventRows() {}

  /** The columns copied from the record, besides its envelope (verify checks they agree). */
  static final List<String> COPIED =
      List.of("session", "agent", "connection", "operation", "action", "decision");

  /** Inserts {@code records}; returns those that were not stored yet, in their order. */
  static List<StoredEvent> insert(Connection connection, List<StoredEvent> events)
      throws SQLException {
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
    Set<UUID> inserted = new HashSet<>();
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      List<List<Object>> columns =
          new ArrayList<>(List.of(ids, times, chains, seqs, types, prevs, hashes, bodies));
      columns.addAll(copied);
      PgArrays.bind(insert, columns);
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
}
