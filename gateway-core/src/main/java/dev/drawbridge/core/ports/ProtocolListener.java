package dev.drawbridge.core.ports;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * An agent-facing listener of one protocol. The runtime starts each one, and at shutdown stops them
 * accepting, drains their sessions with a deadline, then closes them.
 */
public interface ProtocolListener extends AutoCloseable {

  /** A short name for logs and metrics: {@code postgres}, {@code http}, {@code ssh}. */
  String name();

  /** Binds and starts accepting; completes with the bound address. */
  CompletionStage<InetSocketAddress> start();

  /** Stops accepting new connections; sessions already open go on. */
  CompletionStage<Void> stopAccepting();

  /**
   * Lets open sessions finish until the deadline, then closes what is left. Completes when no
   * session is open, with the number of sessions that had to be closed at the deadline.
   */
  CompletionStage<Integer> drain(Duration deadline);

  /** Sessions open now. */
  int openSessions();

  /** Releases everything the listener holds; closes any session still open. */
  @Override
  void close();
}
