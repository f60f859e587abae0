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

  private final List<ProtocolListener> listeners;
  private final Map<String, InetSocketAddress> bound = new LinkedHashMap<>();
  private volatile boolean started;

  public ListenerSupervisor(List<? extends ProtocolListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Binds every listener. If one fails, those already bound are closed and the failure is thrown.
   */
  public Map<String, InetSocketAddress> start(Duration timeout) throws InterruptedException {
    List<ProtocolListener> startedSoFar = new ArrayList<>();
    try {
      for (ProtocolListener listener : listeners) {
        InetSocketAddress address =
            listener.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        startedSoFar.add(listener);
        bound.put(listener.name(), address);
      }
    } catch (ExecutionException | TimeoutException e) {
      startedSoFar.forEach(ProtocolListener::close);
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
    CompletableFuture.allOf(
            listeners.stream()
                .map(l -> l.stopAccepting().toCompletableFuture())
                .toArray(CompletableFuture[]::new))
        .join();
    int open = openSessions();
    log.info("stopped accepting; {} session(s) open, draining for up to {}", open, deadline);
    List<CompletableFuture<Integer>> drains =
        listeners.stream().map(l -> l.drain(deadline).toCompletableFuture()).toList();
    int forced = 0;
    for (CompletableFuture<Integer> drain : drains) {
      forced += drain.join();
    }
    close();
    return forced;
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
