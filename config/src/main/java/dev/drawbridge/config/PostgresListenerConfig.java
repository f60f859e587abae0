package dev.drawbridge.config;

/**
 * The PostgreSQL wire-protocol listener.
 *
 * @param bind where agents connect
 * @param tls the server certificate offered on {@code SSLRequest}
 * @param allowPlaintext accept connections without TLS (meant for loopback and tests)
 */
public record PostgresListenerConfig(BindAddress bind, TlsConfig tls, boolean allowPlaintext) {}
