package dev.drawbridge.postgres.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Null-terminated UTF-8 strings, the protocol's only string encoding. */
public final class Cstrings {

  private Cstrings() {}

  /** Writes {@code value} and its terminator; a NUL inside the value is replaced by a space. */
  public static void write(ByteBuf out, String value) {
    ByteBufUtil.writeUtf8(out, value.indexOf('\0') < 0 ? value : value.replace('\0', ' '));
    out.writeByte(0);
  }

  /**
   * Reads the string starting at {@code index} (absolute) and ending before {@code limit}.
   *
   * @return the string, or empty when no terminator comes before {@code limit}
   */
  public static Optional<String> read(ByteBuf in, int index, int limit) {
    int end = in.indexOf(index, limit, (byte) 0);
    if (end < 0) {
      return Optional.empty();
    }
    return Optional.of(in.toString(index, end - index, StandardCharsets.UTF_8));
  }

  /**
   * The absolute index of the terminator of the string starting at {@code index}, or -1 when none
   * comes before {@code limit}. Use it to step over a string whatever its bytes decode to.
   */
  public static int terminator(ByteBuf in, int index, int limit) {
    return in.indexOf(index, limit, (byte) 0);
  }
}
