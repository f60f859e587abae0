package dev.drawbridge.postgres.masking;

/** A portal, its statement's decision, and what the gateway learned of its result. */
final class TrackedPortal {

  final PreparedDecision statement;

  /** How its rows are masked, from the gateway's own Describe before each Execute; null: none. */
  RowMask mask;

  /** Rows it returned over all its Executes. */
  long rows;

  /** When its latest Execute was sent upstream ({@link System#nanoTime()}). */
  long started;

  TrackedPortal(PreparedDecision statement) {
    this.statement = statement;
  }
}
