package dev.drawbridge.audit.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;

/**
 * The columns of {@code audit.events} the shipper copies from each record for filtering, as text: a
 * column changed behind its record's back is as much a problem as a changed record.
 *
 * @param session the session the event names ({@code session_id}), or {@code null}
 * @param agent the agent, or {@code null}
 * @param connection the connection, or {@code null}
 * @param operation the operation's sequence in its session, or {@code null}
 * @param action the operation's action, or {@code null}
 * @param decision the decision taken on it, or {@code null}
 */
public record CopiedColumns(
    String session,
    String agent,
    String connection,
    String operation,
    String action,
    String decision) {

  /** The record fields they are copied from, in order. */
  static final List<String> FIELDS =
      List.of("session", "agent", "connection", "operation", "action", "decision");

  /** The columns, in the order of {@link #FIELDS}. */
  static final List<String> NAMES =
      List.of("session_id", "agent", "connection", "operation", "action", "decision");

  /** What the columns hold when copied from a record's fields. */
  public static CopiedColumns of(JsonNode body) {
    String[] values = new String[FIELDS.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = StoredEvent.text(body, FIELDS.get(i));
    }
    return of(values);
  }

  static CopiedColumns of(String... values) {
    return new CopiedColumns(values[0], values[1], values[2], values[3], values[4], values[5]);
  }

  /** The values, in the order of {@link #FIELDS}. */
  List<String> values() {
    return Arrays.asList(session, agent, connection, operation, action, decision);
  }
}
