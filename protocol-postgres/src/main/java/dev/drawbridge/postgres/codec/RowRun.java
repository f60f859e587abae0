package dev.drawbridge.postgres.codec;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Consecutive {@code DataRow} messages from the upstream, decoded together: their bytes as they
 * arrived (each message whole), so that rows which pass unchanged are relayed as one slice rather
 * than one message at a time.
 *
 * @param rows the messages' bytes; the receiver releases them
 * @param count how many messages
 */
public record RowRun(ByteBuf rows, int count) {

  public RowRun {
    Objects.requireNonNull(rows, "rows");
    if (count < 2) {
      throw new IllegalArgumentException("a run has at least two rows, got " + count);
    }
  }
}
