package dev.drawbridge.policy.simulation;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An operation of the audit trail whose record cannot be read back exactly as it was decided (a
 * name cut short, an unknown action or resource kind): a simulation counts it, with why, and does
 * not guess.
 *
 * @param eventId the id of its {@code operation} event
 * @param time when it was decided
 * @param agent the agent, as the record names it (empty when it names none)
 * @param connection the connection, as the record names it (empty when it names none)
 * @param why what the record lacks, in a few words that group alike records together
 */
public record UnreplayableOperation(
    UUID eventId, Instant time, String agent, String connection, String why) implements Recorded {

  public UnreplayableOperation {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(why, "why");
    agent = agent == null ? "" : agent;
    connection = connection == null ? "" : connection;
  }
}
