package dev.drawbridge.postgres.masking;

import dev.drawbridge.postgres.codec.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Takes values out of a server's error or notice for a statement that read masked columns: the
 * server quotes the value it could not handle ({@code invalid input syntax for type integer:
 * "123-45-6789"}) and puts row values in the detail ({@code Key (ssn)=(123-45-6789) already
 * exists}) and the context. The message keeps its words with every quoted part replaced; the detail
 * and context are left out; the SQLSTATE, severity, hint and names of objects stay.
 */
final class ErrorScrub {

  private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"]|\"\")*\"");
  private static final String MASKED = "\"****\"";

  private ErrorScrub() {}

  /** The error or notice without values; {@code frame} is released. */
  static ByteBuf scrub(ByteBuf frame, ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(frame.readableBytes());
    out.writeByte(frame.getByte(frame.readerIndex())).writeInt(0);
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
        case 'D', 'W', 'q' -> {}
        case 'M' -> field(out, code, QUOTED.matcher(value).replaceAll(MASKED));
        default -> field(out, code, value);
      }
      at = nul + 1;
    }
    out.writeByte(0);
    out.setInt(1, out.writerIndex() - 1);
    frame.release();
    return out;
  }

  private static void field(ByteBuf out, byte code, String value) {
    out.writeByte(code);
    out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    out.writeByte(0);
  }
}
