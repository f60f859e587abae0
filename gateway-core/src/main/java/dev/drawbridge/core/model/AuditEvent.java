package dev.drawbridge.core.model;

import dev.drawbridge.config.GrantConfig;
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

  /**
   * A review rule held an operation of a session for a human's approval; the operation's own event
   * (same session and sequence) carries the statement and the {@code review} decision.
   *
   * @param approval the approval request's id
   * @param grantId the grant whose review rule held it
   * @param reason why it needs approval
   * @param deadline when it times out
   */
  record ApprovalRequested(
      UUID id,
      Instant time,
      SessionId session,
      long sequence,
      String approval,
      String grantId,
      String reason,
      Instant deadline)
      implements AuditEvent {
    public ApprovalRequested {
      Objects.requireNonNull(session, "session");
      Objects.requireNonNull(approval, "approval");
      Objects.requireNonNull(grantId, "grantId");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(deadline, "deadline");
    }

    @Override
    public String type() {
      return "approval.requested";
    }
  }

  /**
   * What became of a held operation: approved (once, or with a temporary grant), denied, timed out,
   * abandoned by the agent.
   */
  record ApprovalDecided(
      UUID id,
      Instant time,
      SessionId session,
      long sequence,
      String approval,
      ApprovalVerdict verdict)
      implements AuditEvent {
    public ApprovalDecided {
      Objects.requireNonNull(session, "session");
      Objects.requireNonNull(approval, "approval");
      Objects.requireNonNull(verdict, "verdict");
    }

    @Override
    public String type() {
      return "approval.decided";
    }
  }

  /**
   * A grant was created at run time (through the admin API, or by {@code approve --for}). It
   * belongs to no session: it is recorded in the gateway's own chain.
   *
   * @param grant the grant as created; its {@code expires} is the UTC day of {@code expiresAt}
   * @param expiresAt the instant it lapses
   * @param creator who created it (their subject)
   * @param approval the approval request that created it, or empty
   */
  record GrantCreated(
      UUID id, Instant time, GrantConfig grant, Instant expiresAt, String creator, String approval)
      implements AuditEvent {
    public GrantCreated {
      Objects.requireNonNull(grant, "grant");
      Objects.requireNonNull(expiresAt, "expiresAt");
      Objects.requireNonNull(creator, "creator");
      approval = approval == null ? "" : approval;
    }

    @Override
    public String type() {
      return "grant.created";
    }
  }

  /**
   * A run-time grant was revoked before it lapsed.
   *
   * @param grantId the grant
   * @param actor who revoked it (their subject)
   * @param reason why
   */
  record GrantRevoked(UUID id, Instant time, String grantId, String actor, String reason)
      implements AuditEvent {
    public GrantRevoked {
      Objects.requireNonNull(grantId, "grantId");
      Objects.requireNonNull(actor, "actor");
      reason = reason == null ? "" : reason;
    }

    @Override
    public String type() {
      return "grant.revoked";
    }
  }

  /**
   * A reviewer decided an item of an access review campaign. It belongs to no session: it is
   * recorded in the gateway's own chain, before the decision takes effect.
   *
   * @param campaign the campaign's name
   * @param grantId the grant the item reviews
   * @param agent the grant's agent, or null for a group's grant
   * @param connection the grant's connection
   * @param kind {@code file} or {@code temporary}
   * @param decision {@code certify}, {@code revoke}, {@code narrow} or {@code extend}
   * @param reviewer who decided (their subject)
   * @param reason what they said (may be empty)
   * @param applied {@code recorded}, {@code in-force} (a run-time grant changes at once) or {@code
   *     patch} (the configuration file's grant, changed by the campaign's patch)
   * @param allow for {@code narrow}, the grant's {@code allow} rules from now on; else empty
   * @param until for {@code extend}, the grant's new end; else null
   */
  record ReviewDecided(
      UUID id,
      Instant time,
      String campaign,
      String grantId,
      String agent,
      String connection,
      String kind,
      String decision,
      String reviewer,
      String reason,
      String applied,
      java.util.List<dev.drawbridge.config.RuleConfig> allow,
      Instant until)
      implements AuditEvent {
    public ReviewDecided {
      Objects.requireNonNull(campaign, "campaign");
      Objects.requireNonNull(grantId, "grantId");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(reviewer, "reviewer");
      reason = reason == null ? "" : reason;
      Objects.requireNonNull(applied, "applied");
      allow = allow == null ? java.util.List.of() : java.util.List.copyOf(allow);
    }

    @Override
    public String type() {
      return "review.decided";
    }
  }
}
