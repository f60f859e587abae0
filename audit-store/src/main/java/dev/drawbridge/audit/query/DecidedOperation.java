package dev.drawbridge.audit.query;

import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Resource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An {@code operation} event read back with what its decision read: who (from its session's {@code
 * session.start}), where, which action on which resources, and what was decided. A record that
 * cannot be read back exactly as it was decided says why in {@code unreadable}; its other fields
 * are then what could be read, possibly {@code null}.
 *
 * @param eventId the event's id
 * @param time when it was decided
 * @param session its session
 * @param sequence its position in the session
 * @param agent the agent it names
 * @param connection the connection it names
 * @param action its action
 * @param verb its verb
 * @param resources its resources, rebuilt from the record
 * @param decision {@code allow}, {@code review} or {@code deny}
 * @param grant the grant an allow or a review cites, else {@code null}
 * @param reason the reason of a deny or a review, else {@code null}
 * @param identity who the session's start says the agent was, or {@code null} when the trail has no
 *     {@code session.start} for it (a refused connect records none)
 * @param unreadable why the record cannot be read back exactly, or {@code null}
 */
public record DecidedOperation(
    UUID eventId,
    Instant time,
    UUID session,
    long sequence,
    String agent,
    String connection,
    Action action,
    String verb,
    List<Resource> resources,
    String decision,
    String grant,
    String reason,
    SessionIdentity identity,
    String unreadable) {

  public DecidedOperation {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(time, "time");
    resources = resources == null ? List.of() : List.copyOf(resources);
  }

  /** The same operation with its session's identity. */
  DecidedOperation withIdentity(SessionIdentity identity) {
    return new DecidedOperation(
        eventId,
        time,
        session,
        sequence,
        agent,
        connection,
        action,
        verb,
        resources,
        decision,
        grant,
        reason,
        identity,
        unreadable);
  }

  /**
   * Who an agent was, as its {@code session.start} recorded it.
   *
   * @param agent its name
   * @param subject its subject
   * @param issuer its token's issuer
   * @param method how it authenticated ({@code jwt}, {@code agent-key})
   * @param groups its groups
   */
  public record SessionIdentity(
      String agent, String subject, String issuer, String method, Set<String> groups) {
    public SessionIdentity {
      groups = groups == null ? Set.of() : Set.copyOf(groups);
    }
  }
}
