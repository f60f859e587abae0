package dev.drawbridge.audit.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.audit.record.AuditRecord;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sessions as a journal's records describe them, whatever order the records come in: who and where
 * from their start, how they ended from their end, their operations counted (those denied apart, as
 * the shipper counts them in {@code audit.sessions}). A session whose start was already trimmed is
 * described by its operations, and starts at its earliest record.
 */
final class JournalSessions {

  private final Map<UUID, Builder> sessions = new HashMap<>();

  void add(AuditRecord record) {
    JsonNode body = record.tree();
    UUID id = sessionOf(body);
    if (id == null) {
      return;
    }
    Builder builder = sessions.computeIfAbsent(id, Builder::new);
    builder.seen(record.time());
    switch (record.type()) {
      case "session.start" -> {
        builder.startedAt = record.time();
        builder.protocol = body.path("protocol").asText();
        builder.agent = body.path("agent").asText();
        builder.connection = body.path("connection").asText();
        builder.client = body.path("client").asText();
      }
      case "operation" -> {
        builder.operations++;
        if ("deny".equals(body.path("decision").asText())) {
          builder.denied++;
        }
        if (builder.agent == null) {
          builder.agent = body.path("agent").asText();
          builder.connection = body.path("connection").asText();
        }
      }
      case "session.end" -> {
        builder.endedAt = record.time();
        builder.endReason = body.path("reason").asText();
      }
      default -> {}
    }
  }

  /** The sessions matching {@code filter}, newest first. */
  List<SessionSummary> newest(SessionFilter filter) {
    return sessions.values().stream()
        .map(Builder::build)
        .filter(filter::matches)
        .sorted(
            Comparator.comparing(SessionSummary::startedAt)
                .thenComparing(s -> s.session().toString())
                .reversed())
        .limit(filter.limit())
        .toList();
  }

  private static UUID sessionOf(JsonNode body) {
    JsonNode session = body.get("session");
    if (session == null || !session.isTextual()) {
      return null;
    }
    try {
      return UUID.fromString(session.asText());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static final class Builder {
    private final UUID session;
    private Instant firstSeen;
    private Instant startedAt;
    private Instant endedAt;
    private String protocol;
    private String agent;
    private String connection;
    private String client;
    private String endReason;
    private long operations;
    private long denied;

    Builder(UUID session) {
      this.session = session;
    }

    void seen(Instant time) {
      if (firstSeen == null || time.isBefore(firstSeen)) {
        firstSeen = time;
      }
    }

    SessionSummary build() {
      return new SessionSummary(
          session,
          protocol,
          agent,
          connection,
          client,
          startedAt == null ? firstSeen : startedAt,
          endedAt,
          endReason,
          operations,
          denied);
    }
  }
}
