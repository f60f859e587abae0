package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.ApprovalVerdict;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.ports.AuditReceipt;
import dev.drawbridge.core.ports.PendingApproval;
import dev.drawbridge.postgres.PgProtocolException;
import dev.drawbridge.postgres.codec.Frames;
import dev.drawbridge.postgres.masking.ResultTracker;
import dev.drawbridge.postgres.message.Cstrings;
import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.FrontendType;
import dev.drawbridge.postgres.message.SqlState;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * The agent side of a relaying session. Every {@code Query}, {@code Parse} and {@code FunctionCall}
 * goes through the session's decision point; every other message is forwarded as the same bytes.
 * Flushes once per read batch, and stops reading the agent while the upstream cannot take more.
 *
 * <p>A statement that a review rule holds waits here, in place: nothing of it reaches the upstream,
 * the agent is told (a {@code NoticeResponse}) which request it waits on, and the agent is not read
 * until the verdict; whatever it had sent after the statement waits behind it, in order. A {@code
 * CancelRequest} or a disconnect abandons the wait.
 */
final class AgentSide extends ChannelInboundHandlerAdapter {

  /** What became of a message of the agent's. */
  private enum Admit {
    /** It goes upstream as it is. */
    FORWARD,
    /** It was answered here (a refusal in its place), or it ends the session. */
    ANSWERED,
    /** One of its statements waits for an approval. */
    HELD
  }

  private final Relay relay;
  private final Duration idleTimeout;
  private final ArrayDeque<ByteBuf> queued = new ArrayDeque<>();
  private ChannelHandlerContext ctx;

  /** Written on the event loop; read also by a cancel, on another thread. */
  private volatile HeldStatement waiting;

  AgentSide(Relay relay, Duration idleTimeout) {
    this.relay = relay;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    relay.ledger().fromAgent(frame.readableBytes());
    if (waiting != null || !queued.isEmpty()) {
      // a statement waits for an approval: what the agent sends after it waits behind it, in order
      queued.addLast(frame);
      return;
    }
    handle(frame);
  }

  /** Decides one message of the agent's and forwards or answers it; or holds it for approval. */
  private void handle(ByteBuf frame) {
    Admit admit;
    try {
      admit = admit(frame);
    } catch (RuntimeException e) {
      frame.release();
      throw e;
    }
    if (admit == Admit.HELD) {
      hold(frame);
      return;
    }
    finish(frame, admit == Admit.FORWARD);
  }

  /** Sends a decided message on its way: itself upstream, or nothing when it was answered. */
  private void finish(ByteBuf frame, boolean forward) {
    try {
      // after the decision, which gives a statement its row limit; before the frame goes upstream
      switch (relay.fromAgent(frame, forward)) {
        case ResultTracker.Step.Forward step -> {
          if (step.before() != null) {
            relay.upstream().write(step.before());
          }
        }
        case ResultTracker.Step.Refuse refuse -> {
          relay.refuse(refuse.error(), true);
          forward = false;
        }
      }
    } catch (RuntimeException e) {
      frame.release();
      throw e;
    }
    if (forward) {
      relay.upstream().write(frame);
    } else {
      frame.release();
    }
  }

  /** Whether the frame goes upstream as it is, was answered here, or waits for an approval. */
  private Admit admit(ByteBuf frame) {
    FrontendType type = FrontendType.of(Frames.type(frame)).orElseThrow();
    return switch (type) {
      case QUERY -> {
        relay.awaitReady();
        yield statement(frame, false);
      }
      case PARSE -> statement(frame, true);
      case FUNCTION_CALL -> {
        relay.awaitReady();
        yield functionCall(frame) ? Admit.FORWARD : Admit.ANSWERED;
      }
      case SYNC -> {
        if (!relay.copyIn()) {
          relay.awaitReady();
        }
        yield Admit.FORWARD;
      }
      case TERMINATE -> {
        relay.end("terminated by agent", null);
        yield Admit.ANSWERED;
      }
      case PASSWORD ->
          throw new PgProtocolException(
              ErrorResponse.fatal(
                  SqlState.PROTOCOL_VIOLATION, "unexpected password message after authentication"));
      default -> Admit.FORWARD;
    };
  }

  private Admit statement(ByteBuf frame, boolean extended) {
    String verb = extended ? "Parse" : "Query";
    int body = Frames.bodyStart(frame);
    int end = Frames.bodyEnd(frame);
    int textAt = body;
    String statementName = "";
    if (extended) {
      int nameEnd = Cstrings.terminator(frame, body, end);
      textAt = nameEnd < 0 ? end : nameEnd + 1;
      statementName = nameEnd < 0 ? "" : Cstrings.read(frame, body, end).orElse("");
    }
    String text =
        Cstrings.read(frame, textAt, end)
            .orElseThrow(
                () ->
                    new PgProtocolException(
                        ErrorResponse.fatal(
                            SqlState.PROTOCOL_VIOLATION,
                            "invalid " + verb + " message: unterminated string")));
    return sqlDecided(relay.decideSql(text, statementName, extended), extended);
  }

  /** Forwards what is allowed; answers a refusal in its place; puts a held statement on hold. */
  private Admit sqlDecided(Decision decision, boolean extended) {
    if (decision instanceof Decision.Review review) {
      return request(review) ? Admit.HELD : Admit.ANSWERED;
    }
    return decided(decision, extended) ? Admit.FORWARD : Admit.ANSWERED;
  }

  /**
   * Asks the approvers about the held statement and tells the agent that it waits; false when it
   * cannot wait (it was refused in its place).
   */
  private boolean request(Decision.Review review) {
    boolean extended = relay.held().extended;
    Optional<PendingApproval> asked = Approvals.ask(relay, review);
    if (asked.isEmpty()) {
      return false;
    }
    PendingApproval pending = asked.get();
    HeldStatement current = new HeldStatement(pending, review, extended);
    waiting = current;
    pending
        .verdict()
        .whenComplete(
            (verdict, failure) ->
                relay
                    .agent()
                    .eventLoop()
                    .execute(
                        () ->
                            released(
                                current,
                                failure == null
                                    ? verdict
                                    : new ApprovalVerdict.Failed(
                                        "the approval failed: " + failure))));
    return true;
  }

  /** The held frame stays here, and the agent is not read, until the verdict. */
  private void hold(ByteBuf frame) {
    waiting.frame = frame;
    relay.pauseAgent(true);
    relay.upstream().flush();
  }

  /** The verdict on the waiting statement, on the session's event loop. */
  private void released(HeldStatement released, ApprovalVerdict verdict) {
    if (waiting != released) {
      return; // the session ended meanwhile
    }
    waiting = null;
    relay.metrics().released();
    ByteBuf frame = released.frame;
    try {
      AuditReceipt receipt =
          relay.ledger().approvalDecided(relay.held().operation, released.pending.id(), verdict);
      Admit admit;
      if (verdict instanceof ApprovalVerdict.Approved approved && receipt.mayProceed()) {
        admit =
            sqlDecided(
                relay.resumeSql(released.review, approved.grantId().isEmpty()), released.extended);
      } else {
        relay.dropHeld();
        relay.refuse(
            receipt instanceof AuditReceipt.Refused refused
                    && verdict instanceof ApprovalVerdict.Approved
                ? Relay.refusal(AuditRefusals.operation(refused))
                : Approvals.refusal(released.pending.id(), released.review, verdict),
            released.extended);
        admit = Admit.ANSWERED;
      }
      if (admit == Admit.HELD) {
        hold(frame); // a later statement of the same message waits for its own approval
        return;
      }
      frame = null;
      finish(released.frame, admit == Admit.FORWARD);
      while (waiting == null && !queued.isEmpty() && !relay.closing()) {
        handle(queued.pollFirst());
      }
      if (waiting == null) {
        relay.pauseAgent(false);
      }
      relay.upstream().flush();
      relay.ledger().report();
    } catch (RuntimeException e) {
      if (frame != null) {
        frame.release();
      }
      exceptionCaught(ctx, e);
    }
  }

  /**
   * The agent sent a CancelRequest for this session (on another connection's thread): a waiting
   * statement stops waiting. Whether one was waiting.
   */
  boolean cancelled() {
    HeldStatement current = waiting;
    if (current == null) {
      return false;
    }
    current.pending.abandon("cancelled by the agent");
    return true;
  }

  private boolean functionCall(ByteBuf frame) {
    if (Frames.bodyEnd(frame) - Frames.bodyStart(frame) < 4) {
      throw new PgProtocolException(
          ErrorResponse.fatal(
              SqlState.PROTOCOL_VIOLATION, "invalid FunctionCall message: no function oid"));
    }
    int oid = frame.getInt(Frames.bodyStart(frame));
    return decided(relay.decideFunctionCall(oid), false);
  }

  /** Forwards what is allowed; answers a refusal in its place in the response stream. */
  private boolean decided(Decision decision, boolean extended) {
    return switch (decision) {
      case Decision.Allow allow -> true;
      case Decision.Deny deny -> {
        relay.refuse(Relay.refusal(deny), extended);
        yield false;
      }
      case Decision.Review review -> {
        relay.refuse(Relay.refusal(review), extended);
        yield false;
      }
    };
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    relay.upstream().flush();
    relay.ledger().report();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // the agent cannot take more: stop reading the upstream until it can
    relay.upstream().config().setAutoRead(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      if (relay.awaitingReady() || waiting != null) {
        // a statement is running upstream: the session is busy, not idle
        return;
      }
      relay.end(
          "idle timeout",
          ErrorResponse.fatal(
              SqlState.IDLE_SESSION_TIMEOUT,
              "terminating the session after " + idleTimeout.toSeconds() + "s idle",
              "listeners.postgres.idleTimeout sets how long an idle session may stay open"));
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    HeldStatement stopped = waiting;
    waiting = null;
    if (stopped != null) {
      relay.metrics().released();
      stopped.pending.abandon("the agent disconnected");
      relay
          .ledger()
          .approvalDecided(
              relay.held().operation,
              stopped.pending.id(),
              new ApprovalVerdict.Abandoned("the agent disconnected"));
      if (stopped.frame != null) {
        stopped.frame.release();
      }
    }
    while (!queued.isEmpty()) {
      queued.pollFirst().release();
    }
    relay.agentClosed();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    SessionErrors.handle(
        relay.ledger(), relay.metrics(), cause, (reason, error) -> relay.end(reason, error));
  }
}
