package dev.drawbridge.core.ports;

import java.util.Objects;

/** What became of an event handed to the {@link AuditSink}. */
public sealed interface AuditReceipt {

  /** The event is written to the journal file: a crash of the gateway process cannot lose it. */
  record Written() implements AuditReceipt {}

  /**
   * The journal could not take the event and the gateway fails closed: the operation it records
   * must not go ahead.
   *
   * @param reason why, in words an agent and an operator can act on
   */
  record Refused(String reason) implements AuditReceipt {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The journal could not take the event and {@code audit.onFailure: continue} lets the operation
   * go ahead unrecorded; the gap is itself recorded once the journal recovers.
   */
  record Unrecorded(String reason) implements AuditReceipt {
    public Unrecorded {
      Objects.requireNonNull(reason, "reason");
    }
  }

  AuditReceipt WRITTEN = new Written();

  /** Whether what the event records may go ahead. */
  default boolean mayProceed() {
    return !(this instanceof Refused);
  }
}
