/**
 * The gateway's own client to an upstream PostgreSQL: TLS negotiation, the startup handshake with
 * the gateway-held credential (SCRAM-SHA-256, MD5, cleartext), and cancel forwarding. Nothing of
 * the handshake reaches the agent.
 */
package dev.drawbridge.postgres.upstream;
