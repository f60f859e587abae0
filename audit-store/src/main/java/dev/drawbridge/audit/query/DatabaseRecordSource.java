package dev.drawbridge.audit.query;

import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The audit trail in PostgreSQL: {@code audit.events}, {@code audit.chains} and {@code
 * audit.sessions} as the shipper writes them. Each call takes a connection from the data source and
 * gives it back; whoever made the data source closes it.
 */
public final class DatabaseRecordSource implements RecordSource {

  /** Ids asked about in one query when comparing with the journal. */
  private static final int ID_BATCH = 1000;

  private final DataSource dataSource;

  public DatabaseRecordSource(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Where the rows are read from, for the other readers of this package. */
  DataSource dataSource() {
    return dataSource;
  }

  @Override
  public String describe() {
    return "database";
  }

  @Override
  public List<SessionSummary> sessions(SessionFilter filter) throws AuditQueryException {
    StringBuilder sql =
        new StringBuilder(
            "select session_id, protocol, agent, connection, client, started_at, ended_at,"
                + " end_reason, operations, denied from audit.sessions where true");
    List<Object> params = new ArrayList<>();
    if (filter.agent() != null) {
      sql.append(" and agent = ?");
      params.add(filter.agent());
    }
    if (filter.connection() != null) {
      sql.append(" and connection = ?");
      params.add(filter.connection());
    }
    if (filter.since() != null) {
      sql.append(" and started_at >= ?");
      params.add(filter.since());
    }
    if (filter.before() != null) {
      sql.append(" and started_at < ?");
      params.add(filter.before());
    }
    sql.append(" order by started_at desc, session_id desc limit ?");
    params.add(filter.limit());
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        if (params.get(i) instanceof Instant time) {
          ResultRows.set(statement, i + 1, time);
        } else {
          statement.setObject(i + 1, params.get(i));
        }
      }
      List<SessionSummary> sessions = new ArrayList<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          sessions.add(
              new SessionSummary(
                  row.getObject("session_id", UUID.class),
                  row.getString("protocol"),
                  row.getString("agent"),
                  row.getString("connection"),
                  row.getString("client"),
                  ResultRows.instant(row, "started_at"),
                  ResultRows.instant(row, "ended_at"),
                  row.getString("end_reason"),
                  row.getLong("operations"),
                  row.getLong("denied")));
        }
      }
      return sessions;
    } catch (SQLException e) {
      throw SqlFailures.wrap("cannot list sessions", e);
    }
  }

  @Override
  public List<StoredEvent> sessionEvents(UUID session) throws AuditQueryException {
    String sql =
        "select "
            + ResultRows.COLUMNS
            + " from audit.events where session_id = ?"
            + " order by time, chain <> ?, chain, seq, id";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, session);
      statement.setObject(2, session);
      List<StoredEvent> events = new ArrayList<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          events.add(ResultRows.event(row));
        }
      }
      return events;
    } catch (SQLException e) {
      throw SqlFailures.wrap("cannot read session " + session, e);
    }
  }

  /**
   * One page of events in time order: of {@code types} (all when empty), of {@code agent} and on
   * {@code connection} when given, from {@code since} on, after the event {@code after} (the last
   * of the previous page; its time and id), at most {@code limit}.
   */
  public List<StoredEvent> events(
      Set<String> types,
      String agent,
      String connection,
      Instant since,
      StoredEvent after,
      int limit)
      throws AuditQueryException {
    StringBuilder sql =
        new StringBuilder("select " + ResultRows.COLUMNS + " from audit.events where true");
    List<Object> params = new ArrayList<>();
    if (!types.isEmpty()) {
      sql.append(" and type = any(?)");
      params.add(types.toArray(String[]::new));
    }
    if (agent != null) {
      sql.append(" and agent = ?");
      params.add(agent);
    }
    if (connection != null) {
      sql.append(" and connection = ?");
      params.add(connection);
    }
    if (since != null) {
      sql.append(" and time >= ?");
      params.add(since);
    }
    if (after != null) {
      sql.append(" and (time, id) > (?, ?)");
      params.add(after.time());
      params.add(after.id());
    }
    sql.append(" order by time, id limit ?");
    params.add(limit);
    try (Connection db = dataSource.getConnection();
        PreparedStatement statement = db.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        switch (params.get(i)) {
          case Instant time -> ResultRows.set(statement, i + 1, time);
          case String[] array -> statement.setArray(i + 1, db.createArrayOf("text", array));
          default -> statement.setObject(i + 1, params.get(i));
        }
      }
      List<StoredEvent> events = new ArrayList<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          events.add(ResultRows.event(row));
        }
      }
      return events;
    } catch (SQLException e) {
      throw SqlFailures.wrap("cannot list events", e);
    }
  }

  /** One event by its id, if stored. */
  public Optional<StoredEvent> event(UUID id) throws AuditQueryException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "select " + ResultRows.COLUMNS + " from audit.events where id = ?")) {
      statement.setObject(1, id);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(ResultRows.event(row)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlFailures.wrap("cannot read event " + id, e);
    }
  }

  @Override
  public EventFeed follow(Instant since, Set<String> types) {
    return new DatabaseFeed(dataSource, since, types);
  }

  @Override
  public void chains(TimeWindow window, ChainVisitor visitor)
      throws AuditQueryException, IOException {
    new DatabaseChains(dataSource).read(window, visitor);
  }

  /** Rows of {@code audit.events} in {@code window}. */
  public long count(TimeWindow window) throws AuditQueryException {
    StringBuilder sql = new StringBuilder("select count(*) from audit.events where true");
    window.start().ifPresent(t -> sql.append(" and time >= ?"));
    window.end().ifPresent(t -> sql.append(" and time < ?"));
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      int index = 1;
      if (window.from() != null) {
        ResultRows.set(statement, index++, window.from());
      }
      if (window.to() != null) {
        ResultRows.set(statement, index, window.to());
      }
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw SqlFailures.wrap("cannot count events", e);
    }
  }

  /** Those of {@code sessions} that have a row in {@code audit.sessions}. */
  public Set<UUID> sessionRows(Collection<UUID> sessions) throws AuditQueryException {
    Set<UUID> present = new HashSet<>();
    List<UUID> all = List.copyOf(sessions);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "select session_id from audit.sessions where session_id = any(?)")) {
      for (int from = 0; from < all.size(); from += ID_BATCH) {
        List<UUID> batch = all.subList(from, Math.min(all.size(), from + ID_BATCH));
        Array array = connection.createArrayOf("uuid", batch.toArray());
        statement.setArray(1, array);
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            present.add(row.getObject(1, UUID.class));
          }
        } finally {
          array.free();
        }
      }
      return present;
    } catch (SQLException e) {
      throw SqlFailures.wrap("cannot look sessions up", e);
    }
  }

  /**
   * The SHA-256 of each stored record among {@code ids}, computed by the database from the record
   * as stored (not read from the {@code hash} column, which a rewrite could have set to match).
   */
  public Map<UUID, String> storedHashes(Collection<UUID> ids) throws AuditQueryException {
    Map<UUID, String> stored = new HashMap<>();
    List<UUID> all = List.copyOf(ids);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "select id, encode(sha256(convert_to(record, 'UTF8')), 'hex')"
                    + " from audit.events where id = any(?)")) {
      for (int from = 0; from < all.size(); from += ID_BATCH) {
        List<UUID> batch = all.subList(from, Math.min(all.size(), from + ID_BATCH));
        Array array = connection.createArrayOf("uuid", batch.toArray());
        statement.setArray(1, array);
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            stored.put(row.getObject(1, UUID.class), row.getString(2));
          }
        } finally {
          array.free();
        }
      }
      return stored;
    } catch (SQLException e) {
      throw SqlFailures.wrap("cannot look events up", e);
    }
  }
}
