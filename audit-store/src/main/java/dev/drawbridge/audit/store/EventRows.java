package dev.drawbridge.audit.store;

import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.audit.record.CanonicalEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Inserts records into {@code audit.events}. A batch is first copied in as it is ({@link
 * #insertNew}: binary {@code COPY}, which the database stores without parsing a value); only when
 * the database already holds some of it (a batch shipped again after a crash between its commit and
 * the journal's checkpoint: a unique violation) is it inserted skipping those ({@link #insert}),
 * which tells which it inserted; that insert, checking each row for a conflict and returning its
 * id, costs the database more per row than the copy.
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

  private static final String COPY =
      """
      copy audit.events (id, time, chain, seq, type, prev_hash, hash, record,
                         session_id, agent, connection, operation, action, decision)
      from stdin (format binary)""";

  private static final int VALUES = 14;

  /** SQLSTATE of a value the column's type does not take. */
  private static final String INVALID_TEXT = "22P02";

  /** SQLSTATE of a time out of a timestamp's range. */
  private static final String TIME_OUT_OF_RANGE = "22008";

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
    InputStream rows = copy(events);
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
    try {
      copy.copyIn(COPY, rows);
    } catch (IOException e) {
      throw new SQLException("could not send the events to copy: " + e.getMessage(), e);
    }
    return events;
  }

  /**
   * The events as binary {@code COPY} rows, in {@link #COPY}'s column order. A record whose values
   * the columns cannot hold is refused with the SQLSTATE PostgreSQL gives such a value, so that it
   * is kept aside like any record the database refuses.
   */
  static InputStream copy(List<StoredEvent> events) throws SQLException {
    int expected = 0;
    for (StoredEvent event : events) {
      expected += event.record().body().length + 320;
    }
    CopyBinary rows = new CopyBinary(expected);
    for (StoredEvent event : events) {
      AuditRecord record = event.record();
      rows.row(VALUES).uuid(record.id());
      try {
        rows.timestamptz(record.time());
      } catch (ArithmeticException e) {
        throw new SQLException(
            "event " + record.id() + ": its time is out of the range a timestamp holds",
            TIME_OUT_OF_RANGE);
      }
      rows.uuid(record.chain())
          .int8(record.seq())
          .text(record.type())
          .text(record.link().prev())
          .text(event.hash())
          .text(record.body())
          .uuid(copiedUuid(event, "session"))
          .text(event.text("agent"))
          .text(event.text("connection"))
          .int8(copiedNumber(event, "operation"))
          .text(event.text("action"))
          .text(event.text("decision"));
    }
    return rows.finish();
  }

  /**
   * A copied field that the column holds as a {@code uuid}, in the canonical form records are
   * written in; anything else is refused as the database refuses such text ({@value
   * #INVALID_TEXT}).
   */
  private static UUID copiedUuid(StoredEvent event, String field) throws SQLException {
    String text = event.text(field);
    if (text == null) {
      return null;
    }
    try {
      UUID uuid = UUID.fromString(text);
      if (uuid.toString().equals(text)) {
        return uuid;
      }
    } catch (IllegalArgumentException e) {
      // refused below
    }
    // only the form records are written in: UUID.fromString also takes "1-2-3-4-5", which would
    // be stored as another text than the record's and fail verification as tampered
    throw invalid(event, field);
  }

  /** A copied field that the column holds as a {@code bigint}; refused like {@link #copiedUuid}. */
  private static Long copiedNumber(StoredEvent event, String field) throws SQLException {
    String text = event.text(field);
    if (text == null) {
      return null;
    }
    try {
      return Long.valueOf(text);
    } catch (NumberFormatException e) {
      throw invalid(event, field);
    }
  }

  private static SQLException invalid(StoredEvent event, String field) {
    return new SQLException(
        "event " + event.record().id() + ": its " + field + " is not what the column holds",
        INVALID_TEXT);
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
