package dev.drawbridge.postgres;

import dev.drawbridge.postgres.message.ErrorResponse;
import java.util.Objects;

/**
 * The module's one exception: something on the wire broke the protocol or a limit. It carries the
 * {@link ErrorResponse} the agent is told before its connection is closed.
 */
public final class PgProtocolException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ErrorResponse error;
  private final String logDetail;

  public PgProtocolException(ErrorResponse error) {
    this(error, error.message());
  }

  /**
   * @param error what the agent is told
   * @param logDetail what the gateway's log says, which may name hosts and upstream messages the
   *     agent must not learn; never a secret
   */
  public PgProtocolException(ErrorResponse error, String logDetail) {
    super(logDetail, null, false, false);
    this.error = Objects.requireNonNull(error, "error");
    this.logDetail = Objects.requireNonNull(logDetail, "logDetail");
  }

  /** What the gateway's log says. */
  public String logDetail() {
    return logDetail;
  }

  /** What the agent is told. */
  public ErrorResponse error() {
    return error;
  }
}
