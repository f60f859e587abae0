package dev.drawbridge.audit.journal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A record in a segment: its length (4 bytes, big-endian), the CRC32C of its bytes (4 bytes), then
 * the bytes. A frame whose length runs past the end of the file or whose checksum does not match
 * ends what can be read: it is a write a crash cut short.
 */
final class Frames {

  static final int OVERHEAD = 8;

  /** Larger records are refused: no event comes near it. */
  static final int MAX_RECORD = 16 << 20;

  private Frames() {}

  static int size(byte[] record) {
    return OVERHEAD + record.length;
  }

  static void put(ByteBuffer into, byte[] record) {
    into.putInt(record.length);
    into.putInt(checksum(record, 0, record.length));
    into.put(record);
  }

  static int checksum(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }
}
