package dev.drawbridge.postgres.masking;

/**
 * The statements of one simple {@code Query}, answered in order: which operation the next answer
 * belongs to, and since when it runs.
 */
final class StatementRun {

  private long next;
  private final long last;
  private long started;

  /**
   * @param first the first statement's operation; 0 when the message carries none
   */
  StatementRun(long first, int statements, long started) {
    this.next = first;
    this.last = first + statements - 1;
    this.started = started;
  }

  static StatementRun none() {
    return new StatementRun(0, 0, 0);
  }

  /** Whether an operation is still waiting for its answer. */
  boolean pending() {
    return next > 0 && next <= last;
  }

  long operation() {
    return next;
  }

  long started() {
    return started;
  }

  /** The current statement was answered at {@code now}; the next one runs from then. */
  void answered(long now) {
    next++;
    started = now;
  }

  /** An error ends the whole query: no later statement runs. */
  void abandon() {
    next = last + 1;
  }
}
