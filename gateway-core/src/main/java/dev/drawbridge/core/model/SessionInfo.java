package dev.drawbridge.core.model;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * One agent session on one connection.
 *
 * @param id time-ordered session id
 * @param protocol the protocol the agent speaks
 * @param connection the configured connection's name
 * @param identity who the agent is
 * @param clientAddress where it connected from
 * @param startedAt when the session was established
 */
public record SessionInfo(
    SessionId id,
    Protocol protocol,
    String connection,
    Identity identity,
    InetSocketAddress clientAddress,
    Instant startedAt) {

  public SessionInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(startedAt, "startedAt");
  }
}
