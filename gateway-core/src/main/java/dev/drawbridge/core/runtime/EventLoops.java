package dev.drawbridge.core.runtime;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A pair of event loop groups: one thread accepts connections, the others run every session (the
 * agent and upstream channels of a session share one loop). The data path and the admin listener
 * each get their own pair, so a slow scrape never delays a session.
 */
public final class EventLoops implements AutoCloseable {

  private final Transport transport;
  private final EventLoopGroup acceptors;
  private final EventLoopGroup workers;

  private EventLoops(String name, Transport transport, int ioThreads) {
    this.transport = transport;
    this.acceptors =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory(name + "-accept"), transport.ioHandlerFactory());
    this.workers =
        new MultiThreadIoEventLoopGroup(
            ioThreads, new DeepStackThreadFactory(name + "-io"), transport.ioHandlerFactory());
  }

  /** Event loops on the best transport, one I/O thread per available processor. */
  public static EventLoops create() {
    return create("drawbridge", Transport.best(), Runtime.getRuntime().availableProcessors());
  }

  /**
   * Event loops whose threads are named {@code <name>-accept-N} and {@code <name>-io-N}.
   *
   * @param ioThreads threads that run sessions, at least 1
   */
  public static EventLoops create(String name, Transport transport, int ioThreads) {
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be at least 1");
    }
    return new EventLoops(name, transport, ioThreads);
  }

  public Transport transport() {
    return transport;
  }

  public EventLoopGroup acceptors() {
    return acceptors;
  }

  public EventLoopGroup workers() {
    return workers;
  }

  /** Shuts both groups down gracefully and waits up to {@code timeout} for them. */
  public boolean shutdown(Duration timeout) throws InterruptedException {
    long quietMillis = Math.min(100, timeout.toMillis());
    Future<?> a =
        acceptors.shutdownGracefully(quietMillis, timeout.toMillis(), TimeUnit.MILLISECONDS);
    Future<?> w =
        workers.shutdownGracefully(quietMillis, timeout.toMillis(), TimeUnit.MILLISECONDS);
    boolean acceptorsDone = a.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    boolean workersDone = w.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return acceptorsDone && workersDone;
  }

  @Override
  public void close() {
    try {
      shutdown(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
