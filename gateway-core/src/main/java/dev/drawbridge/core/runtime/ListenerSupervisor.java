package dev.drawbridge.core.runtime;

import dev.drawbridge.core.ports.ProtocolListener;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a set of listeners together and shuts them down together: stop accepting everywhere first,
 * then drain every listener against one deadline, then close them.
 */
public final class ListenerSupervisor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ListenerSupervisor.class);

  /** How long one step of shutdown may overrun before the supervisor stops waiting for it. */
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);

  private final List<ProtocolListener> listeners;
  private final Map<String, InetSocketAddress> bound = new LinkedHashMap<>();
  private volatile boolean started;

  public ListenerSupervisor(List<? extends ProtocolListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Binds every listener. If one fails or does not bind in time, every listener started so far
   * (including that one, should it bind later) is closed and the failure is thrown.
   */
  public Map<String, InetSocketAddress> start(Duration timeout) throws InterruptedException {
    List<ProtocolListener> attempted = new ArrayList<>();
    try {
      for (ProtocolListener listener : listeners) {
        attempted.add(listener);
        InetSocketAddress address =
            listener.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        bound.put(listener.name(), address);
      }
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      attempted.forEach(ProtocolListener::close);
      if (e instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw cause instanceof GatewayRuntimeException g
          ? g
          : new GatewayRuntimeException("a listener failed to start: " + cause.getMessage(), cause);
    }
    started = true;
    return Map.copyOf(bound);
  }

  /** True once every listener is bound. */
  public boolean allBound() {
    return started;
  }

  public int openSessions() {
    return listeners.stream().mapToInt(ProtocolListener::openSessions).sum();
  }

  /**
   * Graceful shutdown: stop accepting, drain until {@code deadline}, close. Returns how many
   * sessions had to be closed at the deadline (0 when every session finished on its own).
   */
  public int shutdown(Duration deadline) {
    started = false;
    try {
      CompletableFuture.allOf(
              listeners.stream()
                  .map(l -> l.stopAccepting().toCompletableFuture())
                  .toArray(CompletableFuture[]::new))
          .get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      int open = openSessions();
      log.info("stopped accepting; {} session(s) open, draining for up to {}", open, deadline);
      List<CompletableFuture<Integer>> drains =
          listeners.stream().map(l -> l.drain(deadline).toCompletableFuture()).toList();
      long until = System.nanoTime() + deadline.plus(STEP_TIMEOUT).toNanos();
      int forced = 0;
      for (CompletableFuture<Integer> drain : drains) {
        forced += drain.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      return forced;
    } catch (ExecutionException | TimeoutException e) {
      int left = openSessions();
      log.warn("graceful shutdown did not complete ({}); closing {} session(s)", e, left);
      return left;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return openSessions();
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    for (ProtocolListener listener : listeners) {
      try {
        listener.close();
      } catch (RuntimeException e) {
        log.warn("closing {} listener failed: {}", listener.name(), e.getMessage());
      }
    }
  }
}
