package dev.drawbridge.audit.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps {@code audit.sessions} up to date with newly stored events. A session's events can reach
 * the database in any order (they may sit in segments of different lanes), so a session's row is
 * made from its start together with whatever of it is stored already (its end, its operations), and
 * later events update the row when it exists. Only events actually inserted count, so shipping a
 * batch twice counts nothing twice.
 */
final class SessionRows {

  private static final String ENDS =
      """
      update audit.sessions s
         set ended_at = v.ended_at, end_reason = v.reason, duration_ms = v.duration_ms,
             bytes_from_agent = v.from_agent, bytes_to_agent = v.to_agent
        from unnest(?::uuid[], ?::timestamptz[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[])
             as v(session_id, ended_at, reason, duration_ms, from_agent, to_agent)
       where s.session_id = v.session_id""";

  private static final String OPERATIONS =
      """
      update audit.sessions s
         set operations = s.operations + v.operations, denied = s.denied + v.denied
        from unnest(?::uuid[], ?::bigint[], ?::bigint[]) as v(session_id, operations, denied)
       where s.session_id = v.session_id""";

  /**
   * A start's row, with what of its session is stored already. The session's events are read once,
   * by the session index alone: a condition on their type beside it lets the planner combine it
   * with the type index, whose bitmap for {@code operation} covers every operation ever stored.
   */
  private static final String STARTS =
      """
      insert into audit.sessions (session_id, protocol, connection, agent, subject, issuer, client,
                                  started_at, ended_at, end_reason, duration_ms, bytes_from_agent,
                                  bytes_to_agent, operations, denied)
      select v.session_id, v.protocol, v.connection, v.agent, v.subject, v.issuer, v.client,
             v.started_at, o.ended_at, o.ended ->> 'reason', (o.ended ->> 'durationMs')::bigint,
             (o.ended ->> 'bytesFromAgent')::bigint, (o.ended ->> 'bytesToAgent')::bigint,
             o.operations, o.denied
        from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::timestamptz[])
             as v(session_id, protocol, connection, agent, subject, issuer, client, started_at)
       cross join lateral (
               select count(*) filter (where x.type = 'operation') as operations,
                      count(*) filter (where x.type = 'operation' and x.decision = 'deny')
                        as denied,
                      max(x.time) filter (where x.type = 'session.end') as ended_at,
                      ((array_agg(x.record order by x.time desc)
                          filter (where x.type = 'session.end'))[1])::jsonb as ended
                 from audit.events x
                where x.session_id = v.session_id) o
      on conflict (session_id) do nothing""";

  private static final List<String> START_FIELDS =
      List.of("session", "protocol", "connection", "agent", "subject", "issuer", "client");

  private static final List<String> END_FIELDS =
      List.of("reason", "durationMs", "bytesFromAgent", "bytesToAgent");

  private SessionRows() {}

  /**
   * Ends first, then operations, then starts: a start stored in the same batch as its end or its
   * operations finds them in {@code audit.events} and is not counted twice.
   */
  static void update(Connection connection, List<StoredEvent> stored) throws SQLException {
    ends(connection, stored);
    operations(connection, stored);
    starts(connection, stored);
  }

  private static void ends(Connection connection, List<StoredEvent> stored) throws SQLException {
    List<List<Object>> columns = columns(6);
    for (StoredEvent event : of(stored, "session.end")) {
      columns.get(0).add(event.session());
      columns.get(1).add(event.time());
      for (int i = 0; i < END_FIELDS.size(); i++) {
        columns.get(2 + i).add(event.text(END_FIELDS.get(i)));
      }
    }
    execute(connection, ENDS, columns);
  }

  private static void operations(Connection connection, List<StoredEvent> stored)
      throws SQLException {
    Map<String, long[]> counts = new LinkedHashMap<>();
    for (StoredEvent event : of(stored, "operation")) {
      long[] count = counts.computeIfAbsent(event.session(), session -> new long[2]);
      count[0]++;
      if ("deny".equals(event.text("decision"))) {
        count[1]++;
      }
    }
    List<List<Object>> columns = columns(3);
    counts.forEach(
        (session, count) -> {
          columns.get(0).add(session);
          columns.get(1).add(count[0]);
          columns.get(2).add(count[1]);
        });
    execute(connection, OPERATIONS, columns);
  }

  private static void starts(Connection connection, List<StoredEvent> stored) throws SQLException {
    List<List<Object>> columns = columns(8);
    for (StoredEvent event : of(stored, "session.start")) {
      for (int i = 0; i < START_FIELDS.size(); i++) {
        columns.get(i).add(event.text(START_FIELDS.get(i)));
      }
      columns.get(7).add(event.time());
    }
    execute(connection, STARTS, columns);
  }

  private static List<StoredEvent> of(List<StoredEvent> stored, String type) {
    return stored.stream().filter(e -> e.type().equals(type) && e.session() != null).toList();
  }

  private static List<List<Object>> columns(int n) {
    List<List<Object>> columns = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      columns.add(new ArrayList<>());
    }
    return columns;
  }

  private static void execute(Connection connection, String sql, List<List<Object>> columns)
      throws SQLException {
    if (columns.getFirst().isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      PgArrays.bind(statement, columns);
      statement.executeUpdate();
    }
  }
}
