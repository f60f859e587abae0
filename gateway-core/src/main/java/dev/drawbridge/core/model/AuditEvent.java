package dev.drawbridge.core.model;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A fact the audit store records. Every event has a time-ordered id and a time; events of a session
 * also name it, so the store can chain them.
 */
public sealed interface AuditEvent {

  UUID id();

  Instant time();

  /** The event's type as the audit schema names it ({@code session.start}, {@code operation}). */
  String type();

  /** A session was established. */
  record SessionStart(UUID id, Instant time, SessionInfo session) implements AuditEvent {
    public SessionStart {
      Objects.requireNonNull(session, "session");
    }

    @Override
    public String type() {
      return "session.start";
    }
  }

  /** A session ended. */
  record SessionEnd(
      UUID id,
      Instant time,
      SessionId session,
      Duration duration,
      long bytesFromAgent,
      long bytesToAgent,
      String reason)
      implements AuditEvent {
    public SessionEnd {
      Objects.requireNonNull(session, "session");
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String type() {
      return "session.end";
    }
  }

  /** An operation and the decision taken on it. */
  record OperationDecided(UUID id, Instant time, Operation operation, Decision decision)
      implements AuditEvent {
    public OperationDecided {
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(decision, "decision");
    }

    @Override
    public String type() {
      return "operation";
    }
  }

  /**
   * What became of an allowed operation.
   *
   * @param rows rows returned or affected, or -1 when not applicable
   * @param status protocol status: a SQLSTATE, an HTTP status, an exit code
   */
  record OperationResult(
      UUID id,
      Instant time,
      SessionId session,
      long sequence,
      long rows,
      Duration duration,
      String status)
      implements AuditEvent {
    public OperationResult {
      Objects.requireNonNull(session, "session");
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(status, "status");
    }

    @Override
    public String type() {
      return "operation.result";
    }
  }

  /**
   * Someone failed to authenticate. Never carries the token.
   *
   * @param protocol where they tried
   * @param connection the connection they asked for, or empty
   * @param claimedAgent the agent name they claimed, or empty
   * @param clientAddress where they came from
   * @param reason why authentication failed
   */
  record AuthFailure(
      UUID id,
      Instant time,
      Protocol protocol,
      String connection,
      String claimedAgent,
      InetSocketAddress clientAddress,
      String reason)
      implements AuditEvent {
    public AuthFailure {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(clientAddress, "clientAddress");
      Objects.requireNonNull(reason, "reason");
      connection = connection == null ? "" : connection;
      claimedAgent = claimedAgent == null ? "" : withheldIfToken(claimedAgent);
    }

    @Override
    public String type() {
      return "auth.failure";
    }

    /**
     * A client that puts its token where its name goes would otherwise have the token recorded: a
     * name that looks like a JWT (three base64url parts, the first a JSON header) is withheld.
     */
    private static String withheldIfToken(String name) {
      return name.startsWith("eyJ") && name.chars().filter(c -> c == '.').count() == 2
          ? "(withheld: it looks like a token)"
          : name;
    }
  }

  /**
   * Events the journal could not take while {@code audit.onFailure: continue} let their operations
   * through; recorded once it takes events again.
   *
   * @param lost how many events were not recorded
   * @param from when the first was lost
   * @param to when the last was lost
   * @param reason why the journal could not take them
   */
  record Gap(UUID id, Instant time, long lost, Instant from, Instant to, String reason)
      implements AuditEvent {
    public Gap {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String type() {
      return "audit.gap";
    }
  }

  /**
   * A gateway process started: the first event of its own chain, which also carries the events that
   * belong to no session (failed authentications, gaps).
   *
   * @param gateway the gateway's configured name
   * @param version the gateway's version
   * @param recovery what the journal found at start-up (whole records kept, torn bytes dropped)
   */
  record GatewayStart(UUID id, Instant time, String gateway, String version, String recovery)
      implements AuditEvent {
    public GatewayStart {
      Objects.requireNonNull(gateway, "gateway");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(recovery, "recovery");
    }

    @Override
    public String type() {
      return "gateway.start";
    }
  }
}
