package dev.drawbridge.audit.journal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * A record in a segment: its length (4 bytes, big-endian), the CRC32C of its bytes (4 bytes), then
 * the bytes. A frame whose length runs past the end of the file or whose checksum does not match
 * ends what can be read: it is a write a crash cut short. A length of zero is no record (records
 * are never empty): it is the zeroed space past a segment's last record.
 */
final class Frames {

  static final int OVERHEAD = 8;

  private static final ValueLayout.OfInt INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  /** Larger records are refused: no event comes near it. */
  static final int MAX_RECORD = 16 << 20;

  private Frames() {}

  static int size(byte[] record) {
    return OVERHEAD + record.length;
  }

  /**
   * Writes a frame into {@code into} at {@code offset}: its bytes first and its length last, so
   * that a reader of the file who sees a length sees what it counts.
   */
  static void put(MemorySegment into, long offset, byte[] record) {
    MemorySegment.copy(record, 0, into, ValueLayout.JAVA_BYTE, offset + OVERHEAD, record.length);
    into.set(INT, offset + 4, checksum(record, 0, record.length));
    VarHandle.releaseFence();
    into.set(INT, offset, record.length);
  }

  static int checksum(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }
}
