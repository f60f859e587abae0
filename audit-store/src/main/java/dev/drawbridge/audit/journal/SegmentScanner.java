package dev.drawbridge.audit.journal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** Reads the whole frames of a segment, stopping at the first one that is cut short or corrupt. */
public final class SegmentScanner {

  /** Receives each whole record and the offset just past it (where reading would resume). */
  @FunctionalInterface
  public interface RecordVisitor {
    void visit(byte[] record, long next) throws IOException;
  }

  /**
   * What a scan found.
   *
   * @param end the offset just past the last whole frame read
   * @param records how many whole frames were read
   * @param torn whether something other than the limit stopped it (a cut or corrupt frame)
   */
  public record Scan(long end, long records, boolean torn) {}

  private SegmentScanner() {}

  /** Reads the frames of {@code segment} from {@code from} (0 = its start) up to {@code limit}. */
  public static Scan scan(Path segment, long from, long limit, RecordVisitor visitor)
      throws IOException {
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
      long size = Math.min(channel.size(), limit);
      long position = Math.max(from, SegmentFiles.HEADER.length);
      if (from < SegmentFiles.HEADER.length && !hasHeader(channel)) {
        return new Scan(0, 0, size > 0);
      }
      Window window = new Window(channel, size);
      long records = 0;
      while (position + Frames.OVERHEAD <= size) {
        ByteBuffer head = window.at(position, Frames.OVERHEAD);
        int length = head.getInt(head.position());
        int crc = head.getInt(head.position() + 4);
        if (length < 0
            || length > Frames.MAX_RECORD
            || position + Frames.OVERHEAD + length > size) {
          return new Scan(position, records, true);
        }
        byte[] record = new byte[length];
        ByteBuffer body = window.at(position + Frames.OVERHEAD, length);
        body.get(body.position(), record);
        if (Frames.checksum(record, 0, length) != crc) {
          return new Scan(position, records, true);
        }
        position += Frames.OVERHEAD + length;
        records++;
        visitor.visit(record, position);
      }
      return new Scan(position, records, position < size);
    }
  }

  /**
   * A segment read a window at a time (one read for many frames, not two per frame), up to a size
   * fixed when the scan started.
   */
  private static final class Window {
    private static final int SIZE = 256 << 10;

    private final FileChannel channel;
    private final long size;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(SIZE).limit(0);
    private long start;

    Window(FileChannel channel, long size) {
      this.channel = channel;
      this.size = size;
    }

    /**
     * A buffer whose {@code length} bytes from its position are the segment's at {@code offset}
     * (which the caller has checked lie before the size); valid until the next call.
     */
    ByteBuffer at(long offset, int length) throws IOException {
      if (offset < start || offset + length > start + buffer.limit()) {
        if (buffer.capacity() < length) {
          buffer = ByteBuffer.allocateDirect(length);
        }
        buffer.clear().limit((int) Math.min(buffer.capacity(), size - offset));
        readFully(channel, buffer, offset);
        buffer.flip();
        start = offset;
      }
      return buffer.position((int) (offset - start));
    }
  }

  private static boolean hasHeader(FileChannel channel) throws IOException {
    if (channel.size() < SegmentFiles.HEADER.length) {
      return false;
    }
    ByteBuffer header = ByteBuffer.allocate(SegmentFiles.HEADER.length);
    readFully(channel, header, 0);
    return Arrays.equals(header.array(), SegmentFiles.HEADER);
  }

  private static void readFully(FileChannel channel, ByteBuffer into, long position)
      throws IOException {
    long at = position;
    while (into.hasRemaining()) {
      int n = channel.read(into, at);
      if (n < 0) {
        throw new EOFException("segment ended while reading at " + at);
      }
      at += n;
    }
  }
}
