package dev.drawbridge.postgres.masking;

import dev.drawbridge.postgres.codec.Frames;
import dev.drawbridge.postgres.message.BackendType;
import dev.drawbridge.postgres.message.FrontendMessages;
import dev.drawbridge.postgres.message.ServerError;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs one simple query on a session of the gateway's own and collects its rows as text (the
 * catalog's few, small values). A server error, or the session ending, fails the result.
 */
final class TextQuery extends ChannelInboundHandlerAdapter {

  private final CompletableFuture<List<String[]>> result = new CompletableFuture<>();
  private final List<String[]> rows = new ArrayList<>();
  private String error;

  private TextQuery() {}

  /** Sends {@code sql} on {@code channel}, whose pipeline frames backend messages. */
  static CompletionStage<List<String[]>> run(Channel channel, String sql) {
    TextQuery query = new TextQuery();
    channel.pipeline().addLast("catalog-query", query);
    channel.config().setAutoRead(true);
    channel.writeAndFlush(FrontendMessages.query(channel.alloc(), sql));
    return query.result;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    try {
      byte type = Frames.type(frame);
      if (type == BackendType.DATA_ROW.code()) {
        rows.add(values(frame));
      } else if (type == BackendType.ERROR_RESPONSE.code()) {
        ServerError e = ServerError.read(frame);
        error = e.sqlState() + " " + e.message();
      } else if (type == BackendType.READY_FOR_QUERY.code()) {
        ctx.pipeline().remove(this);
        ctx.channel().config().setAutoRead(false);
        if (error == null) {
          result.complete(List.copyOf(rows));
        } else {
          result.completeExceptionally(new IllegalStateException(error));
        }
      }
    } finally {
      frame.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    result.completeExceptionally(new IllegalStateException("the catalog session closed"));
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    result.completeExceptionally(cause);
    ctx.close();
  }

  private static String[] values(ByteBuf frame) {
    int at = Frames.bodyStart(frame);
    int count = frame.getUnsignedShort(at);
    at += 2;
    String[] values = new String[count];
    for (int i = 0; i < count; i++) {
      int length = frame.getInt(at);
      at += 4;
      if (length >= 0) {
        values[i] = frame.toString(at, length, StandardCharsets.UTF_8);
        at += length;
      }
    }
    return Arrays.copyOf(values, count);
  }
}
