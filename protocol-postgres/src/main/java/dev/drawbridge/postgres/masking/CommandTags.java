package dev.drawbridge.postgres.masking;

import dev.drawbridge.postgres.codec.Frames;
import io.netty.buffer.ByteBuf;

/** The row count a {@code CommandComplete} tag reports ({@code SELECT 5}, {@code INSERT 0 3}). */
final class CommandTags {

  private CommandTags() {}

  /** The tag's last number, or -1 when it ends in none ({@code CREATE TABLE}, {@code BEGIN}). */
  static long rows(ByteBuf frame) {
    int start = Frames.bodyStart(frame);
    int end = Frames.bodyEnd(frame);
    int at = end - 1;
    while (at >= start && frame.getByte(at) == 0) {
      at--;
    }
    long rows = 0;
    long scale = 1;
    int digits = 0;
    while (at >= start && digits < 19) {
      byte b = frame.getByte(at);
      if (b < '0' || b > '9') {
        break;
      }
      rows += (b - '0') * scale;
      scale *= 10;
      digits++;
      at--;
    }
    return digits > 0 && at >= start && frame.getByte(at) == ' ' ? rows : -1;
  }
}
