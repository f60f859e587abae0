package dev.drawbridge.core.runtime;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;

/** Registers each accepted channel with its listener, then hands it the protocol's pipeline. */
final class SessionTracker extends ChannelInitializer<Channel> {

  private final NettyListener listener;
  private final ChannelHandler protocolInitializer;

  SessionTracker(NettyListener listener, ChannelHandler protocolInitializer) {
    this.listener = listener;
    this.protocolInitializer = protocolInitializer;
  }

  @Override
  protected void initChannel(Channel channel) {
    listener.accepted(channel);
    channel.pipeline().addLast(protocolInitializer);
  }
}
