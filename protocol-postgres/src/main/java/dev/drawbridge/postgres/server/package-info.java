/**
 * The agent-facing side: TLS, token authentication, connect authorization, and the relay that
 * passes every statement through the session's one decision point.
 */
package dev.drawbridge.postgres.server;
