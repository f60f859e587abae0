package dev.drawbridge.postgres.message;

import dev.drawbridge.postgres.codec.Frames;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The fields of an {@code ErrorResponse} a server sent that the gateway reads: severity, SQLSTATE
 * and message. Fields absent from the message are empty.
 */
public record ServerError(String severity, String sqlState, String message) {

  /** Reads an {@code ErrorResponse} or {@code NoticeResponse} frame without moving its indexes. */
  public static ServerError read(ByteBuf frame) {
    String severity = "";
    String sqlState = "";
    String message = "";
    int at = Frames.bodyStart(frame);
    int end = Frames.bodyEnd(frame);
    while (at < end) {
      byte code = frame.getByte(at);
      if (code == 0) {
        break;
      }
      int nul = frame.indexOf(at + 1, end, (byte) 0);
      if (nul < 0) {
        break;
      }
      String value = frame.toString(at + 1, nul - at - 1, StandardCharsets.UTF_8);
      switch (code) {
        case 'V' -> severity = value;
        case 'S' -> severity = severity.isEmpty() ? value : severity;
        case 'C' -> sqlState = value;
        case 'M' -> message = value;
        default -> {}
      }
      at = nul + 1;
    }
    return new ServerError(severity, sqlState, message);
  }
}
