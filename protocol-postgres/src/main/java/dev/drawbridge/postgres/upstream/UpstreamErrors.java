package dev.drawbridge.postgres.upstream;

import dev.drawbridge.postgres.PgProtocolException;
import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.SqlState;

/**
 * What an agent is told when its connection's upstream fails before the session is ready: the
 * connection's name and what kind of failure, never the host, the role or the credential. The full
 * story goes to the gateway's log.
 */
final class UpstreamErrors {

  private static final String OPERATOR_HINT =
      "this is the gateway's side; ask its operator to check the connection's upstream";

  private UpstreamErrors() {}

  static PgProtocolException unreachable(UpstreamTarget target, String why) {
    return failure(
        target,
        "cannot reach the upstream of connection \"" + target.connection() + "\"",
        "upstream " + target.address() + " of " + target.connection() + " unreachable: " + why);
  }

  static PgProtocolException tls(UpstreamTarget target, String why) {
    return failure(
        target,
        "cannot secure the upstream of connection \"" + target.connection() + "\"",
        "TLS with upstream " + target.address() + " of " + target.connection() + " failed: " + why);
  }

  static PgProtocolException refused(UpstreamTarget target, String sqlState, String message) {
    return failure(
        target,
        "the upstream of connection \""
            + target.connection()
            + "\" refused the gateway's session (SQLSTATE "
            + sqlState
            + ")",
        "upstream "
            + target.address()
            + " of "
            + target.connection()
            + " refused the session: "
            + sqlState
            + " "
            + message);
  }

  static PgProtocolException protocol(UpstreamTarget target, String why) {
    return failure(
        target,
        "the upstream of connection \"" + target.connection() + "\" broke the protocol",
        "upstream " + target.address() + " of " + target.connection() + ": " + why);
  }

  private static PgProtocolException failure(
      UpstreamTarget target, String message, String logDetail) {
    return new PgProtocolException(
        ErrorResponse.fatal(SqlState.CONNECTION_FAILURE, message, OPERATOR_HINT), logDetail);
  }
}
