package dev.drawbridge.postgres.server;

import dev.drawbridge.postgres.codec.Frames;
import dev.drawbridge.postgres.codec.RowRun;
import dev.drawbridge.postgres.message.BackendType;
import dev.drawbridge.postgres.message.Cstrings;
import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.ServerError;
import dev.drawbridge.postgres.message.SqlState;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Optional;

/**
 * The upstream side of a relaying session: every message goes to the agent as the same bytes,
 * except the errors that stand for a refusal (see {@link Denials}) and what result masking and row
 * limits change (see {@link dev.drawbridge.postgres.masking.ResultTracker}). Flushes once per read
 * batch, and stops reading the upstream while the agent cannot take more.
 */
final class UpstreamSide extends ChannelInboundHandlerAdapter {

  private final Relay relay;

  UpstreamSide(Relay relay) {
    this.relay = relay;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof RowRun run) {
      // rows change nothing of the session's state: only masking and row limits look at them
      relay.rowsToAgent(run);
      return;
    }
    ByteBuf frame = (ByteBuf) msg;
    byte type = Frames.type(frame);
    if (type == BackendType.PARAMETER_STATUS.code()) {
      Optional<String> problem = ReadableSettings.problem(frame);
      if (problem.isPresent()) {
        frame.release();
        relay.end(
            "unreadable setting",
            ErrorResponse.fatal(
                SqlState.FEATURE_NOT_SUPPORTED,
                "the session ended: " + problem.get(),
                "connect again and leave client_encoding and standard_conforming_strings as"
                    + " they are"));
        return;
      }
    }
    Optional<ErrorResponse> refusal = Optional.empty();
    if (type == BackendType.READY_FOR_QUERY.code()) {
      relay.ready();
      relay.sql().ready(frame.getByte(Frames.bodyStart(frame)));
    } else if (type == BackendType.COPY_IN_RESPONSE.code()) {
      relay.copyIn(true);
    } else if (type == BackendType.COMMAND_COMPLETE.code()) {
      relay.copyIn(false);
      relay.completed(
          Cstrings.read(frame, Frames.bodyStart(frame), Frames.bodyEnd(frame)).orElse(""));
    } else if (type == BackendType.ERROR_RESPONSE.code()) {
      relay.copyIn(false);
      relay.sql().upstreamError();
      ServerError error = ServerError.read(frame);
      if ("FATAL".equals(error.severity()) || "PANIC".equals(error.severity())) {
        relay.upstreamEndedSession();
      }
      refusal = relay.denials().match(error);
    }
    // what the agent may see of it: masked rows, no rows past a limit, the gateway's own answers
    ByteBuf out = relay.toAgent(frame);
    if (out == null) {
      return;
    }
    if (refusal.isPresent() && out == frame) {
      frame.release();
      out = refusal.get().encode(ctx.alloc());
    }
    relay.ledger().toAgent(out.readableBytes());
    relay.agent().write(out);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    relay.agent().flush();
    relay.ledger().report();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // the upstream cannot take more: stop reading the agent until it can
    relay.agent().config().setAutoRead(ctx.channel().isWritable() && !relay.agentPaused());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!relay.closing() && relay.upstreamHasEndedSession()) {
      relay.end("upstream ended the session", null);
    } else if (!relay.closing()) {
      relay.end(
          "upstream lost",
          ErrorResponse.fatal(
              SqlState.CONNECTION_FAILURE,
              "the upstream of connection \""
                  + relay.ledger().session().connection()
                  + "\" closed the session",
              "the server may have restarted or ended the session; connect again"));
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    SessionErrors.handleUpstream(
        relay.ledger(), cause, (reason, error) -> relay.end(reason, error));
  }
}
