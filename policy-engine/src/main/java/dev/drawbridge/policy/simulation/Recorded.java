package dev.drawbridge.policy.simulation;

import java.time.Instant;
import java.util.UUID;

/**
 * One decided operation of the audit trail, as a simulation takes it: either replayable, or not
 * (and then counted as such, never dropped).
 */
public sealed interface Recorded permits RecordedOperation, UnreplayableOperation {

  /** The id of its {@code operation} event in the audit trail. */
  UUID eventId();

  /** When it was decided. */
  Instant time();

  /** The agent, as the record names it. */
  String agent();

  /** The connection, as the record names it. */
  String connection();
}
