package dev.drawbridge.postgres.masking;

import dev.drawbridge.core.masking.ColumnMasking;
import dev.drawbridge.postgres.codec.Frames;
import dev.drawbridge.postgres.message.BackendType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * The rows of one {@code COPY … TO} as they go to the agent: counted, and scanned by the
 * connection's detectors when there are any. PostgreSQL sends a text or CSV copy one row per {@code
 * CopyData} message.
 */
final class CopyRows {

  /** The detectors, or null when the connection has none. */
  private final ColumnMasking.Scanned scan;

  private long rows;

  CopyRows(ColumnMasking.Scanned scan) {
    this.scan = scan;
  }

  /** Whether the copy can be scanned: it is text or CSV, or nothing needs scanning. */
  boolean scannable(ByteBuf copyOutResponse) {
    return scan == null || copyOutResponse.getByte(Frames.bodyStart(copyOutResponse)) == 0;
  }

  /** Counts one more row; returns how many so far. */
  long counted() {
    return ++rows;
  }

  /**
   * The row as the agent may see it: {@code row} itself, a masked copy ({@code row} is released),
   * or null when a detector whose strategy is {@code null} found something ({@code row} is
   * released): COPY has no NULL for part of a row.
   */
  ByteBuf mask(ByteBuf row, ByteBufAllocator alloc) {
    if (scan == null) {
      return row;
    }
    int body = Frames.bodyStart(row);
    String line = row.toString(body, Frames.bodyEnd(row) - body, StandardCharsets.UTF_8);
    String masked = scan.mask(line);
    if (masked == line) {
      return row;
    }
    row.release();
    if (masked == null) {
      return null;
    }
    byte[] bytes = masked.getBytes(StandardCharsets.UTF_8);
    return alloc
        .buffer(5 + bytes.length)
        .writeByte(BackendType.COPY_DATA.code())
        .writeInt(4 + bytes.length)
        .writeBytes(bytes);
  }
}
