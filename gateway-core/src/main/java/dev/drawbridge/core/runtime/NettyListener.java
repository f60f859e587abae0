package dev.drawbridge.core.runtime;

import dev.drawbridge.config.BindAddress;
import dev.drawbridge.core.ports.ProtocolListener;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP listener on the shared event loops, for any protocol: it binds, tracks every accepted
 * channel, and shuts down gracefully (stop accepting, let sessions finish until a deadline, then
 * close what is left). A protocol supplies only the child handler that assembles its pipeline.
 */
public final class NettyListener implements ProtocolListener {

  private static final Logger log = LoggerFactory.getLogger(NettyListener.class);

  private final String name;
  private final BindAddress bind;
  private final EventLoops loops;
  private final ChannelHandler childInitializer;
  private final ChannelGroup sessions = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final CompletableFuture<Integer> drained = new CompletableFuture<>();
  private volatile int closedAtDeadline;
  private volatile Channel serverChannel;
  private volatile boolean draining;

  public NettyListener(
      String name, BindAddress bind, EventLoops loops, ChannelHandler childInitializer) {
    this.name = name;
    this.bind = bind;
    this.loops = loops;
    this.childInitializer = childInitializer;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompletionStage<InetSocketAddress> start() {
    CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
    new ServerBootstrap()
        .group(loops.acceptors(), loops.workers())
        .channel(loops.transport().serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childHandler(new SessionTracker(this, childInitializer))
        .bind(bind.host(), bind.port())
        .addListener(
            f -> {
              if (f.isSuccess()) {
                serverChannel = ((io.netty.channel.ChannelFuture) f).channel();
                InetSocketAddress address = (InetSocketAddress) serverChannel.localAddress();
                log.info("{} listener bound to {}", name, address);
                bound.complete(address);
              } else {
                bound.completeExceptionally(
                    new GatewayRuntimeException(
                        "cannot bind "
                            + name
                            + " listener to "
                            + bind
                            + ": "
                            + f.cause().getMessage(),
                        f.cause()));
              }
            });
    return bound;
  }

  /** The bound address, once {@link #start()} completed. */
  public InetSocketAddress boundAddress() {
    Channel channel = serverChannel;
    if (channel == null) {
      throw new IllegalStateException(name + " listener is not bound");
    }
    return (InetSocketAddress) channel.localAddress();
  }

  /** Whether the listener is bound and accepting. */
  public boolean isAccepting() {
    Channel channel = serverChannel;
    return channel != null && channel.isActive() && !draining;
  }

  void accepted(Channel channel) {
    if (draining) {
      channel.close();
      return;
    }
    sessions.add(channel);
    channel.closeFuture().addListener(f -> checkDrained());
    if (draining) {
      // drain() began between the check above and the add: refuse this late arrival too
      channel.close();
    }
  }

  @Override
  public CompletionStage<Void> stopAccepting() {
    draining = true;
    Channel channel = serverChannel;
    if (channel == null) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> closed = new CompletableFuture<>();
    channel.close().addListener(f -> closed.complete(null));
    return closed;
  }

  @Override
  public CompletionStage<Integer> drain(Duration deadline) {
    draining = true;
    checkDrained();
    if (!drained.isDone()) {
      log.info(
          "{} listener draining {} open session(s), deadline {}", name, sessions.size(), deadline);
      loops.acceptors().schedule(this::closeRemaining, deadline.toMillis(), TimeUnit.MILLISECONDS);
    }
    return drained;
  }

  private void closeRemaining() {
    if (!sessions.isEmpty()) {
      log.warn("{} listener drain deadline passed; closing {} session(s)", name, sessions.size());
      closedAtDeadline = sessions.size();
      sessions.close();
    }
  }

  private void checkDrained() {
    if (draining && sessions.isEmpty()) {
      drained.complete(closedAtDeadline);
    }
  }

  @Override
  public int openSessions() {
    return sessions.size();
  }

  @Override
  public void close() {
    draining = true;
    Channel channel = serverChannel;
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    closedAtDeadline += sessions.size();
    sessions.close().syncUninterruptibly();
    drained.complete(closedAtDeadline);
  }
}
