package dev.drawbridge.config;

/**
 * The HTTP reverse-proxy listener.
 *
 * @param bind where agents connect
 * @param tls serve HTTPS with this certificate; plain HTTP when absent
 */
public record HttpListenerConfig(BindAddress bind, TlsConfig tls) {}
