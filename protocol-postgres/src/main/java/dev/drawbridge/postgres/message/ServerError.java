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
    String[] fields = {"", "", ""};
    forEachField(
        frame,
        (code, value) -> {
          switch (code) {
            case 'V' -> fields[0] = value;
            case 'S' -> fields[0] = fields[0].isEmpty() ? value : fields[0];
            case 'C' -> fields[1] = value;
            case 'M' -> fields[2] = value;
            default -> {}
          }
        });
    return new ServerError(fields[0], fields[1], fields[2]);
  }

  /** Receives the fields of an error or notice. */
  @FunctionalInterface
  public interface FieldConsumer {
    void field(byte code, String value);
  }

  /**
   * Hands each field of an {@code ErrorResponse} or {@code NoticeResponse} frame, in order, to
   * {@code fields}, without moving the frame's indexes; stops at the terminator or a field cut
   * short.
   */
  public static void forEachField(ByteBuf frame, FieldConsumer fields) {
    int at = Frames.bodyStart(frame);
    int end = Frames.bodyEnd(frame);
    while (at < end) {
      byte code = frame.getByte(at);
      if (code == 0) {
        return;
      }
      int nul = frame.indexOf(at + 1, end, (byte) 0);
      if (nul < 0) {
        return;
      }
      fields.field(code, frame.toString(at + 1, nul - at - 1, StandardCharsets.UTF_8));
      at = nul + 1;
    }
  }
}
