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
  private boolean rowRuns;

  /**
   * @param maxMessageSize the largest message accepted, length word included
   */
  public BackendDecoder(int maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
  }

  /**
   * From now on, consecutive {@code DataRow} messages that arrived together are handed on as one
   * {@link RowRun} (a relaying session reads them so; the handshake and catalog reads do not).
   */
  public void emitRowRuns() {
    rowRuns = true;
    // the runs handed on are slices of what was read, still held when the next read arrives: the
    // default cumulator would then copy the leftover and the new bytes into a fresh buffer on every
    // read; a composite adds the new bytes without copying them
    setCumulator(COMPOSITE_CUMULATOR);
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
      if (rowRuns && type == DATA_ROW) {
        int end = runEnd(in, at);
        int count = runCount;
        if (count > 1) {
          out.add(new RowRun(in.retainedSlice(at, end - at), count));
          in.skipBytes(end - at);
          continue;
        }
      }
      out.add(in.retainedSlice(at, length + 1));
      in.skipBytes(length + 1);
    }
  }

  private static final byte DATA_ROW = BackendType.DATA_ROW.code();

  /** How many messages the last {@link #runEnd} took. */
  private int runCount;

  /**
   * Where the run of whole, valid {@code DataRow} messages that starts at {@code at} ends; an
   * invalid or incomplete one ends it (the loop then reads it on its own).
   */
  private int runEnd(ByteBuf in, int at) {
    int end = at;
    int limit = in.writerIndex();
    int count = 0;
    while (limit - end >= Frames.HEADER && in.getByte(end) == DATA_ROW) {
      int length = in.getInt(end + 1);
      if (length < 4 || length > maxMessageSize || limit - end < length + 1) {
        break;
      }
      end += length + 1;
      count++;
    }
    runCount = count;
    return end;
  }

  private PgProtocolException fail(ByteBuf in, ErrorResponse error) {
    failed = true;
    in.skipBytes(in.readableBytes());
    return new PgProtocolException(error);
  }
}
