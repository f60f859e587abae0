package dev.drawbridge.postgres.server;

import dev.drawbridge.postgres.PgProtocolException;
import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.SqlState;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what went wrong in a session's pipeline into the reason the session ends and the FATAL
 * error the agent is told, logging each once with the session id.
 */
final class SessionErrors {

  private static final Logger log = LoggerFactory.getLogger(SessionErrors.class);

  private SessionErrors() {}

  /** An exception on the agent's channel. */
  static void handle(
      SessionLedger ledger,
      PgMetrics metrics,
      Throwable cause,
      BiConsumer<String, ErrorResponse> end) {
    PgProtocolException protocol = protocolError(cause);
    if (protocol != null) {
      metrics.error("protocol");
      log.info("session {}: refused: {}", id(ledger), protocol.logDetail());
      end.accept("protocol error", protocol.error());
    } else if (cause instanceof IOException) {
      log.debug("session {}: agent connection failed: {}", id(ledger), cause.getMessage());
      end.accept("agent disconnected", null);
    } else {
      log.warn("session {}: internal error", id(ledger), cause);
      end.accept("internal error", internal());
    }
  }

  /** An exception on the upstream's channel. */
  static void handleUpstream(
      SessionLedger ledger, Throwable cause, BiConsumer<String, ErrorResponse> end) {
    PgProtocolException protocol = protocolError(cause);
    String connection = ledger.session() == null ? "" : ledger.session().connection();
    if (protocol != null) {
      log.warn("session {}: upstream of {}: {}", id(ledger), connection, protocol.logDetail());
      end.accept("upstream protocol error", protocol.error());
    } else if (cause instanceof IOException) {
      log.warn("session {}: upstream of {} failed: {}", id(ledger), connection, cause.getMessage());
      end.accept(
          "upstream lost",
          ErrorResponse.fatal(
              SqlState.CONNECTION_FAILURE,
              "lost the upstream of connection \"" + connection + "\"",
              "connect again; if it keeps happening, ask the gateway's operator"));
    } else {
      log.warn("session {}: internal error on the upstream side", id(ledger), cause);
      end.accept("internal error", internal());
    }
  }

  static PgProtocolException protocolError(Throwable cause) {
    if (cause instanceof PgProtocolException p) {
      return p;
    }
    if (cause instanceof DecoderException && cause.getCause() instanceof PgProtocolException p) {
      return p;
    }
    return null;
  }

  private static ErrorResponse internal() {
    return ErrorResponse.fatal(
        SqlState.INTERNAL_ERROR,
        "internal error in the gateway; the session ended",
        "connect again; the gateway's log has the details under this session");
  }

  private static Object id(SessionLedger ledger) {
    return ledger.session() == null ? "-" : ledger.session().id();
  }
}
