package dev.drawbridge.server.admin.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.audit.query.AuditQueryException;
import dev.drawbridge.audit.query.DatabaseRecordSource;
import dev.drawbridge.audit.query.RecordSource;
import dev.drawbridge.audit.query.SessionFilter;
import dev.drawbridge.audit.query.SessionSummary;
import dev.drawbridge.audit.query.StoredEvent;
import dev.drawbridge.config.Durations;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/v1/sessions} and {@code /api/v1/events}: the audit trail, paged and filtered, for
 * auditors. Sessions and a session's events come from the audit database (or, without one, the
 * gateway's journal); events across sessions need the database.
 */
final class AuditEndpoints {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RecordSource source;

  AuditEndpoints(RecordSource source) {
    this.source = source;
  }

  List<Route> routes() {
    return List.of(
        new Route(
            "GET",
            "/api/v1/sessions",
            Route.Feature.AUDIT,
            Set.of(Role.AUDITOR, Role.REVIEWER),
            "listing sessions",
            this::sessions),
        new Route(
            "GET",
            "/api/v1/sessions/{id}/events",
            Route.Feature.AUDIT,
            Set.of(Role.AUDITOR, Role.REVIEWER),
            "reading a session's events",
            this::sessionEvents),
        new Route(
            "GET",
            "/api/v1/events",
            Route.Feature.AUDIT,
            Set.of(Role.AUDITOR, Role.REVIEWER),
            "listing events",
            this::events));
  }

  /** {@code ?agent=&connection=&since=24h|ISO&before=ISO&limit=}; newest first. */
  private ApiResponse sessions(Route.Call call) {
    int limit = limit(call);
    SessionFilter filter =
        new SessionFilter(
            call.request().query("agent").orElse(null),
            call.request().query("connection").orElse(null),
            call.request().query("since").map(AuditEndpoints::since).orElse(null),
            limit,
            call.request().query("before").map(t -> instant(t, "before")).orElse(null));
    List<SessionSummary> sessions;
    try {
      sessions = source.sessions(filter);
    } catch (AuditQueryException e) {
      throw unavailable(e);
    }
    ObjectNode body = NODES.objectNode();
    ArrayNode list = body.putArray("sessions");
    for (SessionSummary s : sessions) {
      ObjectNode json = list.addObject();
      json.put("session", s.session().toString());
      json.put("protocol", s.protocol());
      json.put("agent", s.agent());
      json.put("connection", s.connection());
      json.put("client", s.client());
      json.put("startedAt", s.startedAt().toString());
      json.put("endedAt", s.endedAt() == null ? null : s.endedAt().toString());
      json.put("endReason", s.endReason());
      json.put("operations", s.operations());
      json.put("denied", s.denied());
    }
    if (sessions.size() == limit) {
      body.put("nextBefore", sessions.getLast().startedAt().toString());
    }
    return ApiResponse.json(200, ApiJson.write(body));
  }

  private ApiResponse sessionEvents(Route.Call call) {
    UUID session = uuid(call.parameter("id"), "session id");
    List<StoredEvent> events;
    try {
      events = source.sessionEvents(session);
    } catch (AuditQueryException e) {
      throw unavailable(e);
    }
    if (events.isEmpty()) {
      throw new ProblemException(404, "no events of session " + session + " are recorded");
    }
    ObjectNode body = NODES.objectNode();
    body.put("session", session.toString());
    ArrayNode list = body.putArray("events");
    events.forEach(e -> list.add(event(e)));
    return ApiResponse.json(200, ApiJson.write(body));
  }

  /** {@code ?type=a,b&agent=&connection=&since=&after=EVENT_ID&limit=}; oldest first. */
  private ApiResponse events(Route.Call call) {
    if (!(source instanceof DatabaseRecordSource database)) {
      throw new ProblemException(
          503, "listing events across sessions needs the audit database (store.postgres)");
    }
    int limit = limit(call);
    Set<String> types =
        call.request()
            .query("type")
            .map(t -> new LinkedHashSet<>(Arrays.asList(t.split(","))))
            .map(s -> (Set<String>) s)
            .orElse(Set.of());
    try {
      StoredEvent after = null;
      if (call.request().query("after").isPresent()) {
        UUID id = uuid(call.request().query("after").get(), "after");
        after =
            database
                .event(id)
                .orElseThrow(() -> new ProblemException(400, "'after': no event " + id));
      }
      List<StoredEvent> events =
          database.events(
              types,
              call.request().query("agent").orElse(null),
              call.request().query("connection").orElse(null),
              call.request().query("since").map(AuditEndpoints::since).orElse(null),
              after,
              limit);
      ObjectNode body = NODES.objectNode();
      ArrayNode list = body.putArray("events");
      events.forEach(e -> list.add(event(e)));
      if (events.size() == limit) {
        body.put("nextAfter", events.getLast().id().toString());
      }
      return ApiResponse.json(200, ApiJson.write(body));
    } catch (AuditQueryException e) {
      throw unavailable(e);
    }
  }

  private static ObjectNode event(StoredEvent event) {
    ObjectNode json = NODES.objectNode();
    json.put("id", event.id().toString());
    json.put("time", event.time().toString());
    json.put("type", event.type());
    json.put("chain", event.chain().toString());
    json.put("seq", event.seq());
    json.put("hash", event.hash());
    try {
      json.set("record", JSON.readTree(event.record()));
    } catch (JsonProcessingException e) {
      json.put("record", event.record());
    }
    return json;
  }

  private static int limit(Route.Call call) {
    String text = call.request().query("limit").orElse(Integer.toString(DEFAULT_LIMIT));
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ProblemException(400, "'limit' must be a whole number from 1 to " + MAX_LIMIT);
  }

  /** {@code 24h} (that long ago) or an ISO-8601 instant. */
  private static Instant since(String text) {
    try {
      return Instant.now().minus(Durations.parse(text));
    } catch (IllegalArgumentException e) {
      return instant(text, "since");
    }
  }

  private static Instant instant(String text, String field) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new ProblemException(
          400,
          "'" + field + "' must be a duration (24h) or an ISO-8601 instant (2026-11-24T12:00:00Z)");
    }
  }

  private static UUID uuid(String text, String what) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(400, "'" + text + "' is not a " + what + " (a UUID)");
    }
  }

  private static ProblemException unavailable(AuditQueryException e) {
    return new ProblemException(503, "the audit store cannot be read: " + e.getMessage());
  }
}
