package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.ports.PendingApproval;
import io.netty.buffer.ByteBuf;

/**
 * A statement of the agent's that waits for an approval: the request, the decision that held it,
 * and the message that carries it (kept, unsent, until the verdict). Used on the session's event
 * loop; a cancel only reads {@link #pending}.
 */
final class HeldStatement {

  final PendingApproval pending;
  final Decision.Review review;

  /** Whether the message is a {@code Parse} (else a {@code Query}). */
  final boolean extended;

  /** The held message, once the agent side keeps it. */
  ByteBuf frame;

  HeldStatement(PendingApproval pending, Decision.Review review, boolean extended) {
    this.pending = pending;
    this.review = review;
    this.extended = extended;
  }
}
