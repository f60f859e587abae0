package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.Decision;
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

/**
 * The agent side of a relaying session. Every {@code Query}, {@code Parse} and {@code FunctionCall}
 * goes through the session's decision point; every other message is forwarded as the same bytes.
 * Flushes once per read batch, and stops reading the agent while the upstream cannot take more.
 */
final class AgentSide extends ChannelInboundHandlerAdapter {

  private final Relay relay;
  private final Duration idleTimeout;

  AgentSide(Relay relay, Duration idleTimeout) {
    this.relay = relay;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    relay.ledger().fromAgent(frame.readableBytes());
    boolean forward;
    try {
      forward = admit(frame);
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

  /** Whether the frame goes upstream as it is; when not, this side already answered for it. */
  private boolean admit(ByteBuf frame) {
    FrontendType type = FrontendType.of(Frames.type(frame)).orElseThrow();
    return switch (type) {
      case QUERY -> {
        relay.awaitReady();
        yield statement(frame, false);
      }
      case PARSE -> statement(frame, true);
      case FUNCTION_CALL -> {
        relay.awaitReady();
        yield functionCall(frame);
      }
      case SYNC -> {
        if (!relay.copyIn()) {
          relay.awaitReady();
        }
        yield true;
      }
      case TERMINATE -> {
        relay.end("terminated by agent", null);
        yield false;
      }
      case PASSWORD ->
          throw new PgProtocolException(
              ErrorResponse.fatal(
                  SqlState.PROTOCOL_VIOLATION, "unexpected password message after authentication"));
      default -> true;
    };
  }

  private boolean statement(ByteBuf frame, boolean extended) {
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
    return decided(relay.decideSql(text, statementName, extended), extended);
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
      if (relay.awaitingReady()) {
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
    relay.agentClosed();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    SessionErrors.handle(
        relay.ledger(), relay.metrics(), cause, (reason, error) -> relay.end(reason, error));
  }
}
