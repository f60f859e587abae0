package dev.drawbridge.postgres.masking;

import dev.drawbridge.postgres.message.ServerError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Takes values out of a server's error or notice for a statement that read masked columns: the
 * server quotes the value it could not handle ({@code invalid input syntax for type integer:
 * "123-45-6789"}), prints numbers it computed from one ({@code requested character too large for
 * encoding: 125456789}) and puts row values in the detail and context. Its message is replaced by
 * one that says it was withheld; detail, hint and context are left out; the SQLSTATE, severity,
 * position and names of objects stay.
 */
final class ErrorScrub {

  private static final String WITHHELD =
      "the server's message is withheld: the statement reads masked columns, and the message"
          + " could quote their values";

  private ErrorScrub() {}

  /** The error or notice without values; {@code frame} is released. */
  static ByteBuf scrub(ByteBuf frame, ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(frame.readableBytes());
    out.writeByte(frame.getByte(frame.readerIndex())).writeInt(0);
    ServerError.forEachField(
        frame,
        (code, value) -> {
          switch (code) {
            case 'D', 'H', 'W', 'q' -> {}
            case 'M' -> field(out, code, WITHHELD);
            default -> field(out, code, value);
          }
        });
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
