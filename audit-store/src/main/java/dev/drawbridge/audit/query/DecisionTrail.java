package dev.drawbridge.audit.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.audit.query.DecidedOperation.SessionIdentity;
import dev.drawbridge.audit.record.AuditRecord;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The decisions of the audit trail, read back to be decided again (policy simulation): every {@code
 * operation} event in a window with the identity its session's {@code session.start} recorded, and
 * the grants made at run time. Reads the database or, without one, the journal alone.
 */
public final class DecisionTrail {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FETCH_SIZE = 1000;

  private final RecordSource source;

  private DecisionTrail(RecordSource source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /** The decisions of {@code source}. */
  public static DecisionTrail of(RecordSource source) {
    return new DecisionTrail(source);
  }

  /** What is read, for people (see {@link RecordSource#describe}). */
  public String describe() {
    return source.describe();
  }

  /**
   * Hands every {@code operation} event in {@code window} to {@code visitor}: of the agents in
   * {@code agents} and on the connections in {@code connections} (an empty set: any). From the
   * database they come in time order; from the journal in the journal's order.
   */
  public void operations(
      TimeWindow window,
      Set<String> agents,
      Set<String> connections,
      Consumer<DecidedOperation> visitor)
      throws AuditQueryException {
    switch (source) {
      case DatabaseRecordSource database ->
          fromDatabase(database.dataSource(), window, agents, connections, visitor);
      case JournalRecordSource journal ->
          fromJournal(journal.dir(), window, agents, connections, visitor);
    }
  }

  /**
   * Every grant made at run time before {@code until} ({@code null}: ever), in the order they were
   * made, each with its revocation when one was recorded. Grants made before a window still count
   * in it while in force, so these are not limited to one.
   */
  public List<RunTimeGrantRecord> runTimeGrants(Instant until) throws AuditQueryException {
    List<GrantEvent> events = new ArrayList<>();
    switch (source) {
      case DatabaseRecordSource database -> grantEvents(database.dataSource(), until, events);
      case JournalRecordSource journal ->
          JournalReader.forEach(
              journal.dir(),
              entry -> {
                AuditRecord record = entry.record();
                if ((record.type().equals("grant.created") || record.type().equals("grant.revoked"))
                    && (until == null || record.time().isBefore(until))) {
                  events.add(
                      new GrantEvent(record.id(), record.time(), record.type(), record.tree()));
                }
              });
    }
    events.sort(Comparator.comparing(GrantEvent::time).thenComparing(GrantEvent::id));
    List<RunTimeGrantRecord> grants = new ArrayList<>();
    for (GrantEvent event : events) {
      if (event.type().equals("grant.created")) {
        RunTimeGrantRecord grant =
            DecisionRecords.grantCreated(event.id(), event.time(), event.body());
        if (grant != null) {
          grants.add(grant);
        }
      } else {
        String id = DecisionRecords.text(event.body(), "grant");
        for (int i = grants.size() - 1; i >= 0; i--) {
          RunTimeGrantRecord grant = grants.get(i);
          if (grant.grant().id().equals(id) && grant.revokedAt() == null) {
            grants.set(i, grant.revokedAt(event.time()));
            break;
          }
        }
      }
    }
    return grants;
  }

  private record GrantEvent(UUID id, Instant time, String type, JsonNode body) {}

  private static void fromJournal(
      Path dir,
      TimeWindow window,
      Set<String> agents,
      Set<String> connections,
      Consumer<DecidedOperation> visitor)
      throws AuditQueryException {
    Map<UUID, SessionIdentity> sessions = new HashMap<>();
    JournalReader.forEach(
        dir,
        entry -> {
          AuditRecord record = entry.record();
          if (record.type().equals("session.start")) {
            JsonNode body = record.tree();
            UUID session = DecisionRecords.uuid(DecisionRecords.text(body, "session"));
            SessionIdentity identity = DecisionRecords.identity(body);
            if (session != null && identity != null) {
              sessions.putIfAbsent(session, identity);
            }
          }
        });
    JournalReader.forEach(
        dir,
        entry -> {
          AuditRecord record = entry.record();
          if (!record.type().equals("operation") || !window.contains(record.time())) {
            return;
          }
          JsonNode body = record.tree();
          if (!wanted(agents, DecisionRecords.text(body, "agent"))
              || !wanted(connections, DecisionRecords.text(body, "connection"))) {
            return;
          }
          DecidedOperation operation = DecisionRecords.operation(record.id(), record.time(), body);
          visitor.accept(
              operation.session() == null
                  ? operation
                  : operation.withIdentity(sessions.get(operation.session())));
        });
  }

  private static boolean wanted(Set<String> wanted, String value) {
    return wanted.isEmpty() || (value != null && wanted.contains(value));
  }

  private static void fromDatabase(
      DataSource dataSource,
      TimeWindow window,
      Set<String> agents,
      Set<String> connections,
      Consumer<DecidedOperation> visitor)
      throws AuditQueryException {
    Filter filter = new Filter(window, agents, connections);
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false); // so that the operations are fetched in batches
      Map<UUID, SessionIdentity> sessions = new HashMap<>();
      try (PreparedStatement statement =
          connection.prepareStatement(
              "select session_id, record from audit.events"
                  + " where type = 'session.start' and session_id in"
                  + " (select session_id from audit.events where type = 'operation'"
                  + filter.sql()
                  + ")")) {
        filter.bind(connection, statement);
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            SessionIdentity identity = DecisionRecords.identity(parse(row.getString("record")));
            if (identity != null) {
              sessions.putIfAbsent(row.getObject("session_id", UUID.class), identity);
            }
          }
        }
      }
      try (PreparedStatement statement =
          connection.prepareStatement(
              "select id, time, record from audit.events where type = 'operation'"
                  + filter.sql()
                  + " order by time, id")) {
        statement.setFetchSize(FETCH_SIZE);
        filter.bind(connection, statement);
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            DecidedOperation operation =
                DecisionRecords.operation(
                    row.getObject("id", UUID.class),
                    ResultRows.instant(row, "time"),
                    parse(row.getString("record")));
            visitor.accept(
                operation.session() == null
                    ? operation
                    : operation.withIdentity(sessions.get(operation.session())));
          }
        }
      }
      connection.commit();
    } catch (SQLException e) {
      throw SqlFailures.wrap("cannot read the operations", e);
    }
  }

  private static void grantEvents(DataSource dataSource, Instant until, List<GrantEvent> events)
      throws AuditQueryException {
    String sql =
        "select id, time, type, record from audit.events"
            + " where type in ('grant.created', 'grant.revoked')"
            + (until == null ? "" : " and time < ?");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      if (until != null) {
        ResultRows.set(statement, 1, until);
      }
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          events.add(
              new GrantEvent(
                  row.getObject("id", UUID.class),
                  ResultRows.instant(row, "time"),
                  row.getString("type"),
                  parse(row.getString("record"))));
        }
      }
    } catch (SQLException e) {
      throw SqlFailures.wrap("cannot read the run-time grants", e);
    }
  }

  /** A record's fields; an empty object when it is not JSON (the operation is then unreadable). */
  private static JsonNode parse(String record) {
    try {
      JsonNode tree = JSON.readTree(record);
      return tree != null && tree.isObject() ? tree : JSON.createObjectNode();
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode();
    }
  }

  /** The conditions on operations, as SQL after {@code where type = 'operation'}. */
  private record Filter(TimeWindow window, Set<String> agents, Set<String> connections) {

    String sql() {
      StringBuilder sql = new StringBuilder();
      window.start().ifPresent(t -> sql.append(" and time >= ?"));
      window.end().ifPresent(t -> sql.append(" and time < ?"));
      if (!agents.isEmpty()) {
        sql.append(" and agent = any(?)");
      }
      if (!connections.isEmpty()) {
        sql.append(" and connection = any(?)");
      }
      return sql.toString();
    }

    void bind(Connection connection, PreparedStatement statement) throws SQLException {
      int index = 1;
      if (window.from() != null) {
        ResultRows.set(statement, index++, window.from());
      }
      if (window.to() != null) {
        ResultRows.set(statement, index++, window.to());
      }
      if (!agents.isEmpty()) {
        Array array = connection.createArrayOf("text", agents.toArray());
        statement.setArray(index++, array);
      }
      if (!connections.isEmpty()) {
        Array array = connection.createArrayOf("text", connections.toArray());
        statement.setArray(index, array);
      }
    }
  }
}
