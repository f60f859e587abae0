package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.model.Protocol;
import dev.drawbridge.core.model.SessionId;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.core.model.TimeOrderedIds;
import dev.drawbridge.core.ports.AuthResult;
import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.SqlState;
import dev.drawbridge.postgres.message.StartupPacket;
import dev.drawbridge.postgres.upstream.UpstreamTarget;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Whether the agent behind a startup packet and a token may open the session: the token, the user
 * name, the connection it names, and a grant to connect. Records what it decides (a failed
 * authentication, the connect decision, the session's start) and counts every refusal.
 */
final class Admission {

  /** The user name an agent may give instead of its own. */
  static final String ANY_AGENT_USER = "agent";

  sealed interface Result {}

  /** The session may open. */
  record Admitted(SessionInfo session, UpstreamTarget target, Decision.Allow allow)
      implements Result {}

  /** The session is refused with {@code error}. */
  record Refused(ErrorResponse error) implements Result {}

  private final PgServices services;
  private final SessionLedger ledger;
  private final StartupPacket.StartupMessage startup;
  private final InetSocketAddress client;

  Admission(
      PgServices services,
      SessionLedger ledger,
      StartupPacket.StartupMessage startup,
      InetSocketAddress client) {
    this.services = services;
    this.ledger = ledger;
    this.startup = startup;
    this.client = client;
  }

  Result decide(AuthResult authentication) {
    return switch (authentication) {
      case AuthResult.Rejected rejected -> {
        recordAuthFailure(startup.user(), rejected.reason());
        yield refused(
            "authentication",
            SqlState.INVALID_PASSWORD,
            "password authentication failed for user \""
                + startup.user()
                + "\": "
                + rejected.reason(),
            "the password must be a valid Drawbridge token or agent key");
      }
      case AuthResult.Authenticated ok -> admit(ok.identity());
    };
  }

  private Result admit(Identity identity) {
    String user = startup.user();
    if (!user.equals(identity.agent()) && !user.equals(ANY_AGENT_USER)) {
      recordAuthFailure(identity.agent(), "user \"" + user + "\" does not match the token's agent");
      return refused(
          "authentication",
          SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
          "user \"" + user + "\" does not match the token's agent \"" + identity.agent() + "\"",
          "connect as user \"" + identity.agent() + "\" or \"" + ANY_AGENT_USER + "\"");
    }
    UpstreamTarget target = services.targets().get(startup.database());
    if (target == null) {
      recordAuthFailure(identity.agent(), "no connection named " + startup.database());
      return refused(
          "authorization",
          SqlState.INVALID_CATALOG_NAME,
          "connection \"" + startup.database() + "\" does not exist on this gateway",
          "the database name in your connection string names a Drawbridge connection; ask the"
              + " gateway's operator which ones you may use");
    }
    SessionInfo session =
        new SessionInfo(
            SessionId.next(),
            Protocol.POSTGRES,
            target.connection(),
            identity,
            client,
            services.clock().instant());
    Operation connect =
        new Operation(session, 1, Action.CONNECT, "connect", List.of(), "", System.nanoTime());
    Decision decision = services.authorizer().decide(connect);
    return switch (decision) {
      case Decision.Allow allow -> {
        boolean recorded =
            ledger.started(session).mayProceed() && ledger.decided(connect, allow).mayProceed();
        yield recorded
            ? new Admitted(session, target, allow)
            : refused(
                "audit",
                SqlState.CANNOT_CONNECT_NOW,
                "the gateway cannot record this session in its audit journal, so it does not"
                    + " open it",
                AuditRefusals.HINT);
      }
      case Decision.Deny deny -> {
        ledger.decided(connect, deny);
        yield refused(
            "authorization", SqlState.INSUFFICIENT_PRIVILEGE, deny.reason(), deny.remedy());
      }
      case Decision.Review review -> {
        ledger.decided(connect, review);
        yield refused(
            "authorization",
            SqlState.INSUFFICIENT_PRIVILEGE,
            "connecting to \"" + target.connection() + "\" needs approval: " + review.reason(),
            "approvals are not available on this gateway yet; ask for a grant that allows it");
      }
    };
  }

  private Refused refused(String kind, SqlState state, String message, String hint) {
    services.metrics().error(kind);
    return new Refused(ErrorResponse.fatal(state, message, hint));
  }

  private void recordAuthFailure(String claimedAgent, String reason) {
    services
        .audit()
        .record(
            new AuditEvent.AuthFailure(
                TimeOrderedIds.next(),
                services.clock().instant(),
                Protocol.POSTGRES,
                startup.database(),
                claimedAgent,
                client,
                reason));
  }
}
