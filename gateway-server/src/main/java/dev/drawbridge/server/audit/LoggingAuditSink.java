package dev.drawbridge.server.audit;

import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Resource;
import dev.drawbridge.core.ports.AuditSink;
import java.net.InetSocketAddress;
import java.util.List;
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
  private static final int MAX_FIELD = 200;

  @Override
  public CompletionStage<Void> record(AuditEvent event) {
    switch (event) {
      case AuditEvent.SessionStart start ->
          log.info(
              "session.start session={} protocol={} connection={} agent={} issuer={} client={}",
              start.session().id(),
              start.session().protocol().name().toLowerCase(java.util.Locale.ROOT),
              field(start.session().connection()),
              field(start.session().identity().agent()),
              field(start.session().identity().issuer()),
              address(start.session().clientAddress()));
      case AuditEvent.SessionEnd end ->
          log.info(
              "session.end session={} duration={}ms bytesFromAgent={} bytesToAgent={} reason=\"{}\"",
              end.session(),
              end.duration().toMillis(),
              end.bytesFromAgent(),
              end.bytesToAgent(),
              field(end.reason()));
      case AuditEvent.OperationDecided decided ->
          log.info(
              "operation session={} seq={} action={} verb={} resources=\"{}\" decision={}",
              decided.operation().session().id(),
              decided.operation().sequence(),
              decided.operation().action().configName(),
              field(decided.operation().verb()),
              field(resources(decided.operation().resources())),
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
              field(failure.connection()),
              field(failure.claimedAgent()),
              address(failure.clientAddress()),
              field(failure.reason()));
    }
    return CompletableFuture.completedFuture(null);
  }

  private static String describe(Decision decision) {
    return switch (decision) {
      case Decision.Allow allow -> "allow grant=" + field(allow.grantId());
      case Decision.Deny deny -> "deny reason=\"" + field(deny.reason()) + "\"";
      case Decision.Review review -> "review grant=" + field(review.grantId());
    };
  }

  /**
   * A value as it may appear in one audit line: names and reasons can come from an unauthenticated
   * client (the user and database of a refused startup), so control characters and quotes are
   * escaped and the length is capped, and no value can forge a line of its own.
   */
  static String field(String value) {
    String capped = value.length() > MAX_FIELD ? value.substring(0, MAX_FIELD) + "…" : value;
    StringBuilder out = new StringBuilder(capped.length());
    for (int i = 0; i < capped.length(); i++) {
      char c = capped.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String resources(List<Resource> resources) {
    StringBuilder out = new StringBuilder();
    for (Resource resource : resources) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(
          switch (resource) {
            case Resource.Table table ->
                table.qualifiedName()
                    + (table.columns().isEmpty()
                        ? ""
                        : "(" + String.join(",", table.columns()) + ")");
            case Resource.Function function -> function.qualifiedName() + "()";
            case Resource.Path path -> path.method() + " " + path.path();
            // the program only: arguments may carry secrets until redaction lands
            case Resource.Command command -> command.argv().getFirst() + " …";
            case Resource.File file -> file.path();
          });
    }
    return out.toString();
  }

  private static String address(InetSocketAddress address) {
    return address.getAddress() == null
        ? address.getHostString()
        : address.getAddress().getHostAddress();
  }
}
