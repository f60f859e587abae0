package dev.drawbridge.audit.query;

import java.time.Instant;

/**
 * Which sessions to list; a {@code null} criterion matches every session.
 *
 * @param agent only this agent's
 * @param connection only those on this connection
 * @param since only those started at or after this time
 * @param limit at most this many, the newest
 * @param before only those started before this time (the next page after one ending there)
 */
public record SessionFilter(
    String agent, String connection, Instant since, int limit, Instant before) {

  public SessionFilter {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
  }

  /** Without an upper bound. */
  public SessionFilter(String agent, String connection, Instant since, int limit) {
    this(agent, connection, since, limit, null);
  }

  public boolean matches(SessionSummary session) {
    return (agent == null || agent.equals(session.agent()))
        && (connection == null || connection.equals(session.connection()))
        && (since == null || !session.startedAt().isBefore(since))
        && (before == null || session.startedAt().isBefore(before));
  }
}
