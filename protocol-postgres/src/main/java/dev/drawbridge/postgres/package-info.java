/**
 * The PostgreSQL v3 wire protocol: an agent-facing server that authenticates agents by token, an
 * upstream client that logs in with the gateway's credential, and the relay between them.
 */
package dev.drawbridge.postgres;
