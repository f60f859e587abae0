package dev.drawbridge.postgres.server;

import dev.drawbridge.postgres.message.ErrorResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.TimeUnit;

/**
 * The last message on a channel, then its close. The close never waits on the peer: a peer that
 * stopped reading still gets its channel closed after a short grace period.
 */
final class Farewell {

  private static final long GRACE_SECONDS = 5;

  private Farewell() {}

  /** Writes {@code error} (when not null) and closes. */
  static void say(Channel channel, ErrorResponse error) {
    say(channel, error == null || !channel.isActive() ? null : error.encode(channel.alloc()));
  }

  /** Writes {@code last} (when not null) and closes. */
  static void say(Channel channel, ByteBuf last) {
    if (last == null || !channel.isActive()) {
      if (last != null) {
        last.release();
      }
      channel.close();
      return;
    }
    channel.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
    channel.eventLoop().schedule(() -> channel.close(), GRACE_SECONDS, TimeUnit.SECONDS);
  }
}
