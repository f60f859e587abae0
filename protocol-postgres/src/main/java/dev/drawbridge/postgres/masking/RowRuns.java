package dev.drawbridge.postgres.masking;

import dev.drawbridge.postgres.codec.RowRun;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** The rows of a {@link RowRun}, as one buffer or in one piece. */
final class RowRuns {

  private RowRuns() {}

  /**
   * A run's rows as one buffer: its own when {@code mask} is null, else masked into a new one. The
   * run's buffer is passed on or released.
   */
  static ByteBuf whole(RowRun run, RowMask mask, ByteBufAllocator alloc) {
    if (mask == null) {
      return run.rows();
    }
    ByteBuf rows = contiguous(run.rows(), alloc);
    ByteBuf out = alloc.buffer(rows.readableBytes());
    try {
      for (int frame = rows.readerIndex(); frame < rows.writerIndex(); ) {
        mask.writeTo(rows, frame, out);
        frame += rows.getInt(frame + 1) + 1;
      }
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    } finally {
      rows.release();
    }
  }

  /**
   * {@code bytes} in one piece: rows spread over the pieces of a composite are read a byte at a
   * time by masking, far slower than one copy of them. {@code bytes} is passed on or released.
   */
  static ByteBuf contiguous(ByteBuf bytes, ByteBufAllocator alloc) {
    if (bytes.isContiguous()) {
      return bytes;
    }
    try {
      return alloc.directBuffer(bytes.readableBytes()).writeBytes(bytes);
    } finally {
      bytes.release();
    }
  }
}
