package dev.drawbridge.server.audit;

import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.ports.AuditSink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit sink until the journal lands: one log line per event on the {@code drawbridge.audit}
 * logger. Statement text is never logged here (its secrets are not redacted yet); an operation is
 * identified by its session and sequence number, and a failed authentication never carries the
 * token.
 */
public final class LoggingAuditSink implements AuditSink {

  private static final Logger log = LoggerFactory.getLogger("drawbridge.audit");

  @Override
  public CompletionStage<Void> record(AuditEvent event) {
    switch (event) {
      case AuditEvent.SessionStart start ->
          log.info(
              "session.start session={} protocol={} connection={} agent={} issuer={} client={}",
              start.session().id(),
              start.session().protocol().name().toLowerCase(java.util.Locale.ROOT),
              start.session().connection(),
              start.session().identity().agent(),
              start.session().identity().issuer(),
              start.session().clientAddress().getAddress().getHostAddress());
      case AuditEvent.SessionEnd end ->
          log.info(
              "session.end session={} duration={}ms bytesFromAgent={} bytesToAgent={} reason=\"{}\"",
              end.session(),
              end.duration().toMillis(),
              end.bytesFromAgent(),
              end.bytesToAgent(),
              end.reason());
      case AuditEvent.OperationDecided decided ->
          log.info(
              "operation session={} seq={} action={} verb={} decision={}",
              decided.operation().session().id(),
              decided.operation().sequence(),
              decided.operation().action().configName(),
              decided.operation().verb(),
              describe(decided.decision()));
      case AuditEvent.OperationResult result ->
          log.info(
              "operation.result session={} seq={} rows={} status={}",
              result.session(),
              result.sequence(),
              result.rows(),
              result.status());
      case AuditEvent.AuthFailure failure ->
          log.info(
              "auth.failure protocol={} connection={} claimedAgent={} client={} reason=\"{}\"",
              failure.protocol().name().toLowerCase(java.util.Locale.ROOT),
              failure.connection(),
              failure.claimedAgent(),
              failure.clientAddress().getAddress() == null
                  ? "-"
                  : failure.clientAddress().getAddress().getHostAddress(),
              failure.reason());
    }
    return CompletableFuture.completedFuture(null);
  }

  private static String describe(Decision decision) {
    return switch (decision) {
      case Decision.Allow allow -> "allow grant=" + allow.grantId();
      case Decision.Deny deny -> "deny reason=\"" + deny.reason() + "\"";
      case Decision.Review review -> "review grant=" + review.grantId();
    };
  }
}
