package dev.drawbridge.postgres.masking;

/** What the agent sent that the upstream answers, in the order {@link ResultTracker} awaits it. */
sealed interface Expected {

  /**
   * A {@code Parse}, {@code Bind} or {@code Close}; {@code undo} reverts it if the server skips it.
   */
  record Completion(Runnable undo, long operation) implements Expected {
    Completion(Runnable undo) {
      this(undo, 0);
    }
  }

  /** A {@code Describe}: of a portal of the gateway's (its answer kept), or the agent's. */
  record Described(TrackedPortal portal, boolean ours) implements Expected {}

  /** An {@code Execute} of a portal. */
  record Execute(TrackedPortal portal) implements Expected {}

  /**
   * A {@code Sync}, a simple {@code Query} (with its row limit and whether it reads masked data) or
   * a {@code FunctionCall}: ends with ReadyForQuery.
   */
  record Ready(boolean simple, RowLimit limit, boolean readsMasked, String cursor, StatementRun run)
      implements Expected {
    Ready(boolean simple) {
      this(simple, null, false, null, StatementRun.none());
    }
  }
}
