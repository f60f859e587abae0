package dev.drawbridge.policy.simulation;

import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Resource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An operation of the audit trail with everything a decision reads: who (agent and groups), where
 * (connection), what (action on resources) and when, and the decision recorded for it.
 *
 * @param eventId the id of its {@code operation} event
 * @param time when it was decided; the candidate grants are evaluated at this instant
 * @param session the session it belongs to
 * @param sequence its position in the session, from 1 ({@code connect} is 1)
 * @param agent the agent's name
 * @param groups the agent's groups, as its session's start recorded them
 * @param groupsRecorded whether {@code groups} are known: a refused {@code connect} records no
 *     session start, so its agent's groups are not in the trail
 * @param connection the connection's name
 * @param action its action
 * @param verb the protocol's word for it ({@code SELECT}, {@code connect})
 * @param resources what it touched, as recorded (names already resolved by the listener)
 * @param recorded the decision recorded for it
 */
public record RecordedOperation(
    UUID eventId,
    Instant time,
    UUID session,
    long sequence,
    String agent,
    Set<String> groups,
    boolean groupsRecorded,
    String connection,
    Action action,
    String verb,
    List<Resource> resources,
    Verdict recorded)
    implements Recorded {

  public RecordedOperation {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(recorded, "recorded");
    groups = groups == null ? Set.of() : Set.copyOf(groups);
    resources = resources == null ? List.of() : List.copyOf(resources);
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence starts at 1");
    }
    if (agent.isBlank()) {
      throw new IllegalArgumentException("agent name must not be blank");
    }
  }
}
