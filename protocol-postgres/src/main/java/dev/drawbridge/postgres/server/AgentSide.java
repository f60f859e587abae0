package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.Decision;
import dev.drawbridge.postgres.PgProtocolException;
import dev.drawbridge.postgres.codec.Frames;
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
    FrontendType type = FrontendType.of(Frames.type(frame)).orElseThrow();
    switch (type) {
      case QUERY -> {
        relay.awaitReady();
        statement(frame, "Query", false);
      }
      case PARSE -> statement(frame, "Parse", true);
      case FUNCTION_CALL -> {
        relay.awaitReady();
        functionCall(frame);
      }
      case SYNC -> {
        relay.awaitReady();
        relay.upstream().write(frame);
      }
      case TERMINATE -> {
        frame.release();
        relay.end("terminated by agent", null);
      }
      case PASSWORD -> {
        frame.release();
        throw new PgProtocolException(
            ErrorResponse.fatal(
                SqlState.PROTOCOL_VIOLATION, "unexpected password message after authentication"));
      }
      default -> relay.upstream().write(frame);
    }
  }

  private void statement(ByteBuf frame, String verb, boolean extended) {
    int body = Frames.bodyStart(frame);
    int end = Frames.bodyEnd(frame);
    int textAt = body;
    if (extended) {
      int nameEnd = Cstrings.terminator(frame, body, end);
      textAt = nameEnd < 0 ? end : nameEnd + 1;
    }
    String text = Cstrings.read(frame, textAt, end).orElse(null);
    if (text == null) {
      frame.release();
      throw new PgProtocolException(
          ErrorResponse.fatal(
              SqlState.PROTOCOL_VIOLATION, "invalid " + verb + " message: unterminated string"));
    }
    forwardOrRefuse(frame, relay.decide(verb, text), extended);
  }

  private void functionCall(ByteBuf frame) {
    int oid = frame.getInt(Frames.bodyStart(frame));
    forwardOrRefuse(
        frame,
        relay.decide("FunctionCall", "function call: oid " + Integer.toUnsignedString(oid)),
        false);
  }

  private void forwardOrRefuse(ByteBuf frame, Decision decision, boolean extended) {
    if (decision instanceof Decision.Allow) {
      relay.upstream().write(frame);
      return;
    }
    frame.release();
    relay.refuse(Relay.refusal(decision), extended);
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
