package dev.drawbridge.postgres.codec;

import dev.drawbridge.postgres.PgProtocolException;
import dev.drawbridge.postgres.message.BackendType;
import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.SqlState;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames what an upstream server sends into regular messages, each a retained slice of the exact
 * bytes received. A type byte no server sends is a {@link PgProtocolException}, and so is a message
 * larger than the limit: the gateway holds a message whole before it passes it on, so the limit
 * bounds what one session can make it hold (a single huge value in a row, say).
 */
public final class BackendDecoder extends ByteToMessageDecoder {

  private final int maxMessageSize;
  private boolean failed;

  /**
   * @param maxMessageSize the largest message accepted, length word included
   */
  public BackendDecoder(int maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    while (in.readableBytes() >= Frames.HEADER) {
      int at = in.readerIndex();
      byte type = in.getByte(at);
      int length = in.getInt(at + 1);
      if (BackendType.of(type).isEmpty() || length < 4) {
        throw fail(
            in,
            ErrorResponse.fatal(
                SqlState.PROTOCOL_VIOLATION,
                String.format(
                    "the upstream server sent an invalid message (type 0x%02x, length %d)",
                    type & 0xFF, length)));
      }
      if (length > maxMessageSize) {
        throw fail(
            in,
            ErrorResponse.fatal(
                SqlState.PROGRAM_LIMIT_EXCEEDED,
                "a result message of "
                    + Integer.toUnsignedString(length)
                    + " bytes exceeds the gateway's limit of "
                    + maxMessageSize
                    + " bytes; the session ended",
                "select less in one row or value, or ask the gateway's operator to raise"
                    + " listeners.postgres.maxMessageSize"));
      }
      if (in.readableBytes() < length + 1) {
        return;
      }
      out.add(in.retainedSlice(at, length + 1));
      in.skipBytes(length + 1);
    }
  }

  private PgProtocolException fail(ByteBuf in, ErrorResponse error) {
    failed = true;
    in.skipBytes(in.readableBytes());
    return new PgProtocolException(error);
  }
}
