package dev.drawbridge.audit.query;

import java.util.UUID;

/**
 * Positions of events the journal holds but its shipper has not shipped yet. The shipper writes a
 * chain's events as their segments come (a session's events may sit in segments of different
 * lanes), so the database can lack one of them for a while: a gap at such a position is pending,
 * not a problem.
 */
@FunctionalInterface
public interface Unshipped {

  /** Nothing is waiting: every gap is a problem. */
  Unshipped NONE = (chain, seq) -> false;

  boolean contains(UUID chain, long seq);
}
