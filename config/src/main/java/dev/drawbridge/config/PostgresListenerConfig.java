package dev.drawbridge.config;

import java.time.Duration;

/**
 * The PostgreSQL wire-protocol listener.
 *
 * @param bind where agents connect
 * @param tls the server certificate offered on {@code SSLRequest}
 * @param allowPlaintext accept connections without TLS (meant for loopback and tests)
 * @param maxStartupPacket the largest startup packet accepted (default 10000 bytes, PostgreSQL's
 *     own limit)
 * @param maxMessageSize the largest protocol message accepted from an agent (default 64MiB)
 * @param handshakeTimeout how long an agent may take from connecting to being authenticated
 *     (default 10s)
 * @param idleTimeout how long a session may stay silent before it is closed; {@link Duration#ZERO}
 *     (the default) means it is never closed for being idle
 */
public record PostgresListenerConfig(
    BindAddress bind,
    TlsConfig tls,
    boolean allowPlaintext,
    DataSize maxStartupPacket,
    DataSize maxMessageSize,
    Duration handshakeTimeout,
    Duration idleTimeout) {

  /** PostgreSQL's own limit on a startup packet. */
  public static final DataSize DEFAULT_MAX_STARTUP_PACKET = DataSize.ofBytes(10_000);

  public static final DataSize DEFAULT_MAX_MESSAGE_SIZE = DataSize.ofMebibytes(64);

  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  public PostgresListenerConfig {
    maxStartupPacket = maxStartupPacket == null ? DEFAULT_MAX_STARTUP_PACKET : maxStartupPacket;
    maxMessageSize = maxMessageSize == null ? DEFAULT_MAX_MESSAGE_SIZE : maxMessageSize;
    handshakeTimeout = handshakeTimeout == null ? DEFAULT_HANDSHAKE_TIMEOUT : handshakeTimeout;
    idleTimeout = idleTimeout == null ? Duration.ZERO : idleTimeout;
    if (handshakeTimeout.isNegative() || idleTimeout.isNegative()) {
      throw new IllegalArgumentException("timeouts must not be negative");
    }
  }

  /** A listener with the default limits and timeouts. */
  public PostgresListenerConfig(BindAddress bind, TlsConfig tls, boolean allowPlaintext) {
    this(bind, tls, allowPlaintext, null, null, null, null);
  }
}
