/**
 * The runtime every protocol shares: Netty event loops, TLS server contexts, the listener lifecycle
 * with graceful shutdown, and the metrics registry.
 */
package dev.drawbridge.core.runtime;
