package dev.drawbridge.audit.record;

import java.util.Objects;
import java.util.UUID;

/**
 * Where an event sits in its chain.
 *
 * @param chain the chain's id: the session's id, or the gateway run's for events of no session
 * @param seq the event's position in the chain, from 1
 * @param prev the hash of the event before it, or {@code null} for the first
 */
public record ChainLink(UUID chain, long seq, String prev) {

  public ChainLink {
    Objects.requireNonNull(chain, "chain");
    if (seq < 1) {
      throw new IllegalArgumentException("a chain starts at 1, got " + seq);
    }
    if ((seq == 1) != (prev == null)) {
      throw new IllegalArgumentException("only the first event of a chain has no previous hash");
    }
  }
}
