package dev.drawbridge.audit.query;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * Something wrong with a chain, at one position.
 *
 * @param chain the chain's id (a session's id, or a gateway run's)
 * @param kind whose chain it is
 * @param seq the position the problem is at (the first of a run of missing ones)
 * @param fault what is wrong
 * @param detail what was found, for people
 */
public record ChainProblem(UUID chain, ChainKind kind, long seq, Fault fault, String detail) {

  /** What is wrong with an event. */
  public enum Fault {
    /** Its record, its hash or a column stored beside it is not what was written. */
    ALTERED,
    /** An event the chain had is not stored. */
    MISSING,
    /** An event sits at a position its record does not give it. */
    REORDERED,
    /** An event the chain never had: a second one at a position, or one past the chain's head. */
    EXTRA;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ChainProblem {
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(detail, "detail");
  }

  /** One line: {@code session 0193…: seq 4: altered: the stored hash …}. */
  public String describe() {
    return kind.label() + " " + chain + ": seq " + seq + ": " + fault.label() + ": " + detail;
  }
}
