package dev.drawbridge.audit.query;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The events of one chain that fall in a window, in the order of their stored positions, with what
 * verification needs from outside it.
 *
 * @param chain the chain's id
 * @param events its events in the window, ordered by stored seq (then id)
 * @param before the nearest stored event of the chain before the window, when the window does not
 *     start at the chain's first event and one is stored
 * @param head the chain's head in {@code audit.chains}, when the source keeps heads
 * @param headsKept whether the source keeps heads (the database does, a journal does not): a chain
 *     with events and no head there had its head removed
 */
public record ChainSlice(
    UUID chain,
    List<StoredEvent> events,
    Optional<StoredEvent> before,
    Optional<ChainHead> head,
    boolean headsKept) {

  public ChainSlice {
    Objects.requireNonNull(chain, "chain");
    events = List.copyOf(events);
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(head, "head");
  }

  /**
   * Whose chain it is: the head says so; otherwise a chain is a session's when one of its events
   * names it as its session.
   */
  public ChainKind kind() {
    if (head.isPresent()) {
      return head.get().kind();
    }
    if (!events.isEmpty() && events.getFirst().type().equals("gateway.start")) {
      return ChainKind.GATEWAY;
    }
    String id = chain.toString();
    for (StoredEvent event : events) {
      if (id.equals(event.field("session"))) {
        return ChainKind.SESSION;
      }
    }
    return ChainKind.GATEWAY;
  }
}
