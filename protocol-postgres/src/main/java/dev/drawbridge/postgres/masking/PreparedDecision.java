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
 */
record PreparedDecision(RowLimit limit, boolean readsMasked, String cursor, long operation) {

  static final PreparedDecision NONE = new PreparedDecision(null, false, null, 0);
}
