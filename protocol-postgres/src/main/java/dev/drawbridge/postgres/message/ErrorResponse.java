package dev.drawbridge.postgres.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * An {@code ErrorResponse} (or, with severity {@link Severity#NOTICE}, a {@code NoticeResponse})
 * the gateway sends an agent: severity, SQLSTATE, message and, where it helps, a detail and a hint
 * (what to ask for). Shown by psql as {@code ERROR: message} followed by {@code DETAIL:} and {@code
 * HINT:} lines.
 */
public record ErrorResponse(
    Severity severity, SqlState state, String message, String detail, String hint) {

  public ErrorResponse {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(message, "message");
    detail = detail == null ? "" : detail;
    hint = hint == null ? "" : hint;
  }

  public static ErrorResponse fatal(SqlState state, String message) {
    return new ErrorResponse(Severity.FATAL, state, message, "", "");
  }

  public static ErrorResponse fatal(SqlState state, String message, String hint) {
    return new ErrorResponse(Severity.FATAL, state, message, "", hint);
  }

  public static ErrorResponse error(SqlState state, String message, String hint) {
    return new ErrorResponse(Severity.ERROR, state, message, "", hint);
  }

  /** A {@code NoticeResponse}: psql prints it as {@code NOTICE: message} while it waits. */
  public static ErrorResponse notice(String message, String hint) {
    return new ErrorResponse(Severity.NOTICE, SqlState.SUCCESSFUL_COMPLETION, message, "", hint);
  }

  /** The message with its type byte and length, ready to write. */
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(64 + message.length() + detail.length() + hint.length());
    out.writeByte(
        (severity == Severity.NOTICE ? BackendType.NOTICE_RESPONSE : BackendType.ERROR_RESPONSE)
            .code());
    int lengthAt = out.writerIndex();
    out.writeInt(0);
    field(out, 'S', severity.name());
    field(out, 'V', severity.name());
    field(out, 'C', state.code());
    field(out, 'M', message);
    if (!detail.isEmpty()) {
      field(out, 'D', detail);
    }
    if (!hint.isEmpty()) {
      field(out, 'H', hint);
    }
    out.writeByte(0);
    out.setInt(lengthAt, out.writerIndex() - lengthAt);
    return out;
  }

  private static void field(ByteBuf out, char code, String value) {
    out.writeByte(code);
    Cstrings.write(out, value);
  }
}
