package dev.drawbridge.postgres.masking;

/** Told what became of each operation the upstream ran: the audit's {@code operation.result}. */
@FunctionalInterface
public interface OperationOutcomes {

  /**
   * @param operation the operation's sequence in its session
   * @param rows rows returned or affected, or -1 when the command reports none
   * @param nanos how long it ran, from when it was sent upstream
   * @param status {@code 00000} when it completed, {@code suspended} for a portal that has more
   *     rows, else the SQLSTATE of its error
   */
  void completed(long operation, long rows, long nanos, String status);

  OperationOutcomes NONE = (operation, rows, nanos, status) -> {};
}
