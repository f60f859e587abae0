package dev.drawbridge.audit.query;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * What access reviews read from schema {@code audit} over a window: the operations a grant (or an
 * agent) was allowed, by action and resource; the operations refused; the approval requests. Every
 * figure comes with the ids of the events behind it (the latest {@link #MAX_EVENTS}; the count is
 * always exact), so that it can be traced in {@code audit.events}.
 */
public final class ReviewEvidence {

  /** At most this many event ids are kept per figure, the latest first. */
  public static final int MAX_EVENTS = 50;

  private final DataSource dataSource;

  public ReviewEvidence(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Allowed operations on one resource (or on none), by grant, connection, action, resource and the
   * exact set of columns named.
   *
   * @param grant the grant the operations cited
   * @param agent the agent that ran them ({@code null} for an activity row by grant)
   * @param connection the connection
   * @param action the action
   * @param kind {@code table} or {@code function}; empty when the operation touched neither
   * @param name the resource's qualified name ({@code public.orders}); empty with {@code kind}
   * @param columns the columns named, sorted (empty: none named, e.g. {@code *})
   * @param count how many operations
   * @param last the latest
   * @param events their event ids, latest first (at most {@link #MAX_EVENTS})
   */
  public record Activity(
      String grant,
      String agent,
      String connection,
      String action,
      String kind,
      String name,
      List<String> columns,
      long count,
      Instant last,
      List<String> events) {
    public Activity {
      columns = List.copyOf(columns);
      events = List.copyOf(events);
    }
  }

  /**
   * An operation that was refused ({@code deny}).
   *
   * @param resources the resources' qualified names
   */
  public record Refusal(
      Instant time,
      String agent,
      String connection,
      String action,
      String verb,
      List<String> resources,
      String statement,
      String reason,
      String event) {
    public Refusal {
      resources = List.copyOf(resources);
    }
  }

  /**
   * An approval request and what became of it.
   *
   * @param outcome {@code approved}, {@code denied}, {@code timed-out}, {@code abandoned}, or
   *     {@code null} while it waits
   * @param requestEvent the {@code approval.requested} event's id
   * @param decisionEvent the {@code approval.decided} event's id, or {@code null}
   */
  public record Approval(
      String approval,
      String agent,
      String connection,
      String grant,
      String statement,
      Instant requestedAt,
      String outcome,
      String approver,
      Instant decidedAt,
      String reason,
      String temporaryGrant,
      String requestEvent,
      String decisionEvent) {}

  private static final String ACTIVITY =
      """
      with ops as (
        select e.id, e.time, e.agent, e.connection, e.action, e.record::jsonb as body
        from audit.events e
        where e.type = 'operation' and e.decision = 'allow' and e.time >= ? and e.time < ?
          and %s
      )
      select o.body ->> 'grant' as grant_id, %s as agent, o.connection, o.action,
             coalesce(r ->> 'kind', '') as kind, coalesce(r ->> 'name', '') as name,
             coalesce((select array_agg(c order by c)
                       from jsonb_array_elements_text(coalesce(r -> 'columns', '[]')) c),
                      '{}') as columns,
             count(*) as n, max(o.time) as last,
             (array_agg(o.id::text order by o.time desc, o.id desc))[1:%d] as events
      from ops o
      left join lateral jsonb_array_elements(o.body -> 'resources') r on true
      where r is null or r ->> 'kind' in ('table', 'function')
      group by 1, 2, 3, 4, 5, 6, 7
      order by 1, 3, 4, 6, 7
      """;

  /** What operations cited {@code grant} in the window, by action and resource. */
  public List<Activity> byGrant(String grant, Instant from, Instant to) throws AuditQueryException {
    String sql = ACTIVITY.formatted("e.record::jsonb ->> 'grant' = ?", "null::text", MAX_EVENTS);
    return activity(sql, from, to, grant, null);
  }

  /** What {@code agent} was allowed in the window on {@code connections} (empty: every one). */
  public List<Activity> byAgent(String agent, List<String> connections, Instant from, Instant to)
      throws AuditQueryException {
    String sql =
        ACTIVITY.formatted(
            "e.agent = ? and (cardinality(?::text[]) = 0 or e.connection = any(?::text[]))",
            "o.agent",
            MAX_EVENTS);
    return activity(sql, from, to, agent, connections);
  }

  private List<Activity> activity(
      String sql, Instant from, Instant to, String key, List<String> connections)
      throws AuditQueryException {
    List<Object> params = new ArrayList<>(List.of(from, to, key));
    if (connections != null) {
      params.add(connections);
      params.add(connections);
    }
    return query(
        "operations",
        sql,
        params,
        row ->
            new Activity(
                row.getString("grant_id"),
                row.getString("agent"),
                row.getString("connection"),
                row.getString("action"),
                row.getString("kind"),
                row.getString("name"),
                strings(row.getArray("columns")),
                row.getLong("n"),
                ResultRows.instant(row, "last"),
                strings(row.getArray("events"))));
  }

  /**
   * The operations refused in the window on {@code connections} (empty: every one) in sessions of
   * {@code agent}, or (when {@code group} is given instead) of agents whose session carried {@code
   * group}; oldest first.
   */
  public List<Refusal> refusals(
      String agent, String group, List<String> connections, Instant from, Instant to)
      throws AuditQueryException {
    String sql =
        """
        select d.time, d.agent, d.connection, d.action, d.verb,
               coalesce((select array_agg(r ->> 'name' order by ord)
                         from jsonb_array_elements(d.resources) with ordinality as x(r, ord)),
                        '{}') as names,
               d.statement, d.reason, d.event_id::text as event
        from audit.denials d
        where d.decision = 'deny' and d.time >= ? and d.time < ?
          and (cardinality(?::text[]) = 0 or d.connection = any(?::text[]))
          and (d.agent = ? or (?::text is not null and exists (
                 select 1 from audit.events s
                 where s.type = 'session.start' and s.session_id = d.session_id
                   and s.record::jsonb -> 'groups' @> jsonb_build_array(?::text))))
        order by d.time, d.event_id
        """;
    return query(
        "refused operations",
        sql,
        Arrays.asList(from, to, connections, connections, agent, group, group),
        row ->
            new Refusal(
                ResultRows.instant(row, "time"),
                row.getString("agent"),
                row.getString("connection"),
                row.getString("action"),
                row.getString("verb"),
                strings(row.getArray("names")),
                row.getString("statement"),
                row.getString("reason"),
                row.getString("event")));
  }

  /**
   * Approval requests made in the window, held under {@code grant} (when given) or by {@code agent}
   * on {@code connections} (empty: every one); oldest first.
   */
  public List<Approval> approvals(
      String grant, String agent, List<String> connections, Instant from, Instant to)
      throws AuditQueryException {
    String sql =
        """
        select a.approval_id, a.agent, a.connection, a.grant_id, a.statement, a.requested_at,
               a.outcome, a.approver, a.decided_at, a.decision_reason, a.temporary_grant_id,
               a.event_id::text as request_event,
               (select x.id::text from audit.events x
                where x.type = 'approval.decided' and x.session_id = a.session_id
                  and x.operation = a.operation
                  and x.record::jsonb ->> 'approval' = a.approval_id
                order by x.time limit 1) as decision_event
        from audit.approvals a
        where a.requested_at >= ? and a.requested_at < ?
          and (?::text is null or a.grant_id = ?)
          and (?::text is null or a.agent = ?)
          and (cardinality(?::text[]) = 0 or a.connection = any(?::text[]))
        order by a.requested_at, a.approval_id
        """;
    return query(
        "approval requests",
        sql,
        Arrays.asList(from, to, grant, grant, agent, agent, connections, connections),
        row ->
            new Approval(
                row.getString("approval_id"),
                row.getString("agent"),
                row.getString("connection"),
                row.getString("grant_id"),
                row.getString("statement"),
                ResultRows.instant(row, "requested_at"),
                row.getString("outcome"),
                row.getString("approver"),
                ResultRows.instant(row, "decided_at"),
                row.getString("decision_reason"),
                row.getString("temporary_grant_id"),
                row.getString("request_event"),
                row.getString("decision_event")));
  }

  /**
   * The agents that had a session on {@code connections} (empty: every one) in the window, sorted.
   */
  public List<String> agents(List<String> connections, Instant from, Instant to)
      throws AuditQueryException {
    String sql =
        """
        select distinct agent from audit.events
        where type = 'session.start' and time >= ? and time < ? and agent is not null
          and (cardinality(?::text[]) = 0 or connection = any(?::text[]))
        order by agent
        """;
    return query(
        "agents", sql, Arrays.asList(from, to, connections, connections), row -> row.getString(1));
  }

  /** Reads one row of a result. */
  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  /**
   * The rows of {@code sql}, its parameters bound in order: an {@link Instant} as a timestamp, a
   * list as a text array, anything else (a string or null) as text.
   */
  private <T> List<T> query(String what, String sql, List<?> params, RowReader<T> reader)
      throws AuditQueryException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        switch (params.get(i)) {
          case Instant time -> ResultRows.set(select, i + 1, time);
          case List<?> list -> select.setArray(i + 1, c.createArrayOf("text", list.toArray()));
          case null -> select.setString(i + 1, null);
          case Object value -> select.setString(i + 1, value.toString());
        }
      }
      List<T> rows = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          rows.add(reader.read(row));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }

  private static AuditQueryException failed(String what, SQLException e) {
    return new AuditQueryException(
        "the audit database cannot answer the review's question about "
            + what
            + ": "
            + SqlFailures.describe(e),
        e);
  }
}
