package dev.drawbridge.postgres.masking;

/**
 * What the gateway decided for a statement that runs later: a prepared statement, or a portal bound
 * from one.
 *
 * @param limit its row limit, or null for none
 * @param readsMasked whether it reads masked columns (its errors are scrubbed)
 * @param cursor the cursor it fetches from, or null: its rows count against the cursor, across
 *     statements
 * @param operation the operation that allowed it (its sequence in the session), or 0
 * @param binding how often it may still be bound: an approver who let a statement run once let it
 *     run once, so a second {@code Bind} of it (with other parameters, or the same) is refused
 */
record PreparedDecision(
    RowLimit limit, boolean readsMasked, String cursor, long operation, Binding binding) {

  /** How often a prepared statement may still be bound. */
  enum Binding {
    /** As often as the agent likes: a grant allowed it. */
    ANY,
    /** Once: an approver let it run once. */
    ONCE,
    /** No more: it was approved once and was bound. */
    SPENT
  }

  static final PreparedDecision NONE = new PreparedDecision(null, false, null, 0);

  PreparedDecision(RowLimit limit, boolean readsMasked, String cursor, long operation) {
    this(limit, readsMasked, cursor, operation, Binding.ANY);
  }

  /** The same decision, bound as often as it may be now. */
  PreparedDecision bound() {
    return binding == Binding.ONCE
        ? new PreparedDecision(limit, readsMasked, cursor, operation, Binding.SPENT)
        : this;
  }
}
