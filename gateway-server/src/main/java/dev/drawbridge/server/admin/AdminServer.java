package dev.drawbridge.server.admin;

import dev.drawbridge.config.BindAddress;
import dev.drawbridge.core.runtime.EventLoops;
import dev.drawbridge.core.runtime.NettyListener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;

/**
 * The admin HTTP listener. It runs on its own event loops so that scrapes, probes and admin API
 * calls never share a thread with agent sessions.
 */
public final class AdminServer {

  /** The largest request body it reads; admin API bodies are small JSON objects. */
  static final int MAX_REQUEST_BYTES = 16 * 1024;

  private static final int IDLE_SECONDS = 30;

  private AdminServer() {}

  public static NettyListener listener(BindAddress bind, EventLoops loops, AdminRoutes routes) {
    AdminHttpHandler handler = new AdminHttpHandler(routes);
    ChannelInitializer<Channel> pipeline =
        new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel channel) {
            ChannelPipeline p = channel.pipeline();
            p.addLast("idle", new ReadTimeoutHandler(IDLE_SECONDS));
            p.addLast("http", new HttpServerCodec(4096, 8192, 8192));
            p.addLast("aggregate", new AdminRequestAggregator(MAX_REQUEST_BYTES));
            p.addLast("admin", handler);
          }
        };
    return new NettyListener("admin", bind, loops, pipeline);
  }
}
