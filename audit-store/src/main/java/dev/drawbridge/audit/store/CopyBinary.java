package dev.drawbridge.audit.store;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Rows in PostgreSQL's binary {@code COPY} format ({@code COPY … FROM STDIN (FORMAT binary)}): each
 * value in its type's own binary form, so the database parses no text to store them (no {@code
 * uuid_in}, no timestamp parsing, no arrays to unnest). Values are written in the order of the
 * statement's column list; {@link #row} starts a row of that many values.
 */
final class CopyBinary {

  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0
  };

  /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in microseconds after the Unix epoch. */
  private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

  private static final int NULL = -1;

  private byte[] bytes;
  private int size;

  /** An empty copy, sized for about {@code expectedBytes}. */
  CopyBinary(int expectedBytes) {
    this.bytes = new byte[Math.max(64, expectedBytes)];
    put(SIGNATURE);
    putInt(0); // flags: no OIDs
    putInt(0); // no header extension
  }

  /** Starts a row of {@code values} values. */
  CopyBinary row(int values) {
    putShort(values);
    return this;
  }

  CopyBinary uuid(UUID value) {
    if (value == null) {
      putInt(NULL);
    } else {
      putInt(16);
      putLong(value.getMostSignificantBits());
      putLong(value.getLeastSignificantBits());
    }
    return this;
  }

  /**
   * A {@code timestamptz}, to the microsecond (anything finer is cut; records hold none).
   *
   * @throws ArithmeticException for a time hundreds of thousands of years away, which no {@code
   *     long} of microseconds holds (nor does PostgreSQL)
   */
  CopyBinary timestamptz(Instant value) {
    long micros =
        Math.addExact(
            Math.multiplyExact(value.getEpochSecond(), 1_000_000L), value.getNano() / 1_000);
    putInt(8);
    putLong(micros - POSTGRES_EPOCH_MICROS);
    return this;
  }

  CopyBinary int8(Long value) {
    if (value == null) {
      putInt(NULL);
    } else {
      putInt(8);
      putLong(value);
    }
    return this;
  }

  CopyBinary text(String value) {
    if (value == null) {
      putInt(NULL);
      return this;
    }
    return text(value.getBytes(StandardCharsets.UTF_8));
  }

  /** A text value given as its UTF-8 bytes. */
  CopyBinary text(byte[] utf8) {
    putInt(utf8.length);
    put(utf8);
    return this;
  }

  /** The whole copy to send: the rows written, then the end marker. */
  InputStream finish() {
    putShort(-1);
    return new ByteArrayInputStream(bytes, 0, size);
  }

  private void putShort(int value) {
    room(2);
    bytes[size++] = (byte) (value >>> 8);
    bytes[size++] = (byte) value;
  }

  private void putInt(int value) {
    room(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (value >>> shift);
    }
  }

  private void putLong(long value) {
    room(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (value >>> shift);
    }
  }

  private void put(byte[] value) {
    room(value.length);
    System.arraycopy(value, 0, bytes, size, value.length);
    size += value.length;
  }

  private void room(int more) {
    if (bytes.length - size < more) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
