package dev.drawbridge.postgres.masking;

import dev.drawbridge.postgres.codec.Frames;
import dev.drawbridge.postgres.message.BackendType;
import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.ServerError;
import io.netty.buffer.ByteBuf;

/**
 * Turns the upstream's end of a statement ({@code CommandComplete}, {@code EmptyQueryResponse},
 * {@code PortalSuspended}, {@code ErrorResponse}) into an operation's outcome: rows, duration and
 * status.
 */
final class OutcomeReporter {

  private static final String COMPLETED = "00000";
  private static final String SUSPENDED = "suspended";

  /**
   * The statement whose answer comes now.
   *
   * @param operation its operation's sequence in the session
   * @param started when it was sent upstream ({@link System#nanoTime()})
   * @param rowsSent rows the gateway counted for it so far
   * @param run the simple query it belongs to, or null for a portal or a {@code Parse}
   */
  record Answering(long operation, long started, long rowsSent, StatementRun run) {}

  private final OperationOutcomes outcomes;

  OutcomeReporter(OperationOutcomes outcomes) {
    this.outcomes = outcomes;
  }

  /**
   * It completed (or, for a portal, suspended).
   *
   * @param stopped the error the gateway stopped it with, or null
   * @param limit its row limit, or null
   */
  void completed(Answering answering, ByteBuf frame, ErrorResponse stopped, RowLimit limit) {
    long now = System.nanoTime();
    byte type = Frames.type(frame);
    boolean suspended = type == BackendType.PORTAL_SUSPENDED.code();
    long rows =
        stopped != null || suspended
            ? delivered(answering.rowsSent(), stopped, limit)
            : type == BackendType.COMMAND_COMPLETE.code() ? CommandTags.rows(frame) : -1;
    String status = stopped != null ? stopped.state().code() : suspended ? SUSPENDED : COMPLETED;
    outcomes.completed(answering.operation(), rows, now - answering.started(), status);
    if (answering.run() != null) {
      answering.run().answered(now);
    }
  }

  /** It failed; an error ends the rest of a simple query too. */
  void failed(Answering answering, ByteBuf frame, ErrorResponse stopped, RowLimit limit) {
    long now = System.nanoTime();
    String state = stopped != null ? stopped.state().code() : ServerError.read(frame).sqlState();
    outcomes.completed(
        answering.operation(),
        delivered(answering.rowsSent(), stopped, limit),
        now - answering.started(),
        state);
    if (answering.run() != null) {
      answering.run().abandon();
    }
  }

  /** Rows the agent received of those counted: none past a row limit that stopped them. */
  private static long delivered(long counted, ErrorResponse stopped, RowLimit limit) {
    return stopped != null && limit != null ? Math.min(counted, limit.rows()) : counted;
  }
}
