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
 * bytes received. A type byte no server sends, or a length past PostgreSQL's own 1 GiB limit, is a
 * {@link PgProtocolException}.
 */
public final class BackendDecoder extends ByteToMessageDecoder {

  /** PostgreSQL's own ceiling on a message (MaxAllocSize). */
  private static final int MAX_MESSAGE = 0x3FFF_FFFF;

  private boolean failed;

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
      if (BackendType.of(type).isEmpty() || length < 4 || length > MAX_MESSAGE) {
        failed = true;
        in.skipBytes(in.readableBytes());
        throw new PgProtocolException(
            ErrorResponse.fatal(
                SqlState.PROTOCOL_VIOLATION,
                String.format(
                    "the upstream server sent an invalid message (type 0x%02x, length %d)",
                    type & 0xFF, length)));
      }
      if (in.readableBytes() < length + 1) {
        return;
      }
      out.add(in.retainedSlice(at, length + 1));
      in.skipBytes(length + 1);
    }
  }
}
