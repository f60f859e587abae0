package dev.drawbridge.audit.query;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One session, for people.
 *
 * @param session its id
 * @param protocol the protocol the agent spoke
 * @param agent the agent
 * @param connection the connection
 * @param client where the agent connected from
 * @param startedAt when it started
 * @param endedAt when it ended, or {@code null} while open (or when its end was not recorded)
 * @param endReason why it ended, or {@code null}
 * @param operations operations decided in it
 * @param denied operations denied (those held for review are not counted here)
 */
public record SessionSummary(
    UUID session,
    String protocol,
    String agent,
    String connection,
    String client,
    Instant startedAt,
    Instant endedAt,
    String endReason,
    long operations,
    long denied) {

  public SessionSummary {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(startedAt, "startedAt");
    protocol = Objects.requireNonNullElse(protocol, "");
    agent = Objects.requireNonNullElse(agent, "");
    connection = Objects.requireNonNullElse(connection, "");
    client = Objects.requireNonNullElse(client, "");
  }

  public Optional<Instant> ended() {
    return Optional.ofNullable(endedAt);
  }
}
