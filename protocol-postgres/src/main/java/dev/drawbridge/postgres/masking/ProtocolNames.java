package dev.drawbridge.postgres.masking;

import java.util.HashMap;
import java.util.Map;

/**
 * The prepared statements and portals a session made through the gateway, by name, and the rows
 * fetched from each cursor. Each change returns what undoes it when the server skips its message.
 * The server drops the unnamed statement or portal before it parses or binds a new one, even when
 * that fails, so the unnamed one is never put back; nor is anything once the names were forgotten
 * since.
 */
final class ProtocolNames {

  private final Map<String, PreparedDecision> statements = new HashMap<>();
  private final Map<String, TrackedPortal> portals = new HashMap<>();

  /** Rows fetched so far from each cursor, so paging one cannot get past a row limit. */
  private final Map<String, Long> cursorRows = new HashMap<>();

  /** Counts the times all names were forgotten: an undo from before one must not bring any back. */
  private long generation;

  PreparedDecision statement(String name) {
    return statements.get(name);
  }

  TrackedPortal portal(String name) {
    return portals.get(name);
  }

  /** Puts {@code decision} (null: removes) under statement {@code name}. */
  Runnable putStatement(String name, PreparedDecision decision) {
    return replace(statements, name, decision);
  }

  /** Puts {@code portal} (null: removes) under portal {@code name}. */
  Runnable putPortal(String name, TrackedPortal portal) {
    return replace(portals, name, portal);
  }

  /** SQL may have made, dropped or renamed statements, portals and cursors: know none of them. */
  void forget() {
    statements.clear();
    portals.clear();
    cursorRows.clear();
    generation++;
  }

  /** The transaction ended, and every portal with it. */
  void transactionEnded() {
    portals.clear();
  }

  /** Counts one more row fetched from {@code cursor}; returns how many so far. */
  long fetched(String cursor) {
    return cursorRows.merge(cursor, 1L, Long::sum);
  }

  private <V> Runnable replace(Map<String, V> map, String name, V value) {
    V before = value == null ? map.remove(name) : map.put(name, value);
    long at = generation;
    return () -> {
      if (before == null || name.isEmpty() || generation != at) {
        map.remove(name);
      } else {
        map.put(name, before);
      }
    };
  }
}
