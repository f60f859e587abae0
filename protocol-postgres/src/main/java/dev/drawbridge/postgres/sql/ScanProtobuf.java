package dev.drawbridge.postgres.sql;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads libpg_query's {@code ScanResult} protobuf ({@code repeated ScanToken tokens = 2}, each
 * {@code start = 1, end = 2, token = 4, keyword_kind = 5}) straight from native memory: varints and
 * length-delimited fields only, which is all the message uses.
 */
final class ScanProtobuf {

  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  private ScanProtobuf() {}

  static void read(MemorySegment data, PgQuery.ScanTokens tokens) {
    long[] at = {0};
    long end = data.byteSize();
    while (at[0] < end) {
      long key = varint(data, at);
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (field == 2 && wire == LENGTH_DELIMITED) {
        long length = varint(data, at);
        token(data, at[0], at[0] + length, tokens);
        at[0] += length;
      } else {
        skip(data, at, wire);
      }
    }
  }

  private static void token(MemorySegment data, long from, long to, PgQuery.ScanTokens tokens) {
    long[] at = {from};
    int start = 0;
    int end = 0;
    int kind = 0;
    while (at[0] < to) {
      long key = varint(data, at);
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (wire != VARINT) {
        skip(data, at, wire);
        continue;
      }
      long value = varint(data, at);
      switch (field) {
        case 1 -> start = (int) value;
        case 2 -> end = (int) value;
        case 4 -> kind = (int) value;
        default -> {}
      }
    }
    tokens.token(kind, start, end);
  }

  private static void skip(MemorySegment data, long[] at, int wire) {
    switch (wire) {
      case VARINT -> varint(data, at);
      case FIXED64 -> at[0] += 8;
      case LENGTH_DELIMITED -> {
        long length = varint(data, at);
        at[0] += length;
      }
      case FIXED32 -> at[0] += 4;
      default -> throw new IllegalStateException("unexpected protobuf wire type " + wire);
    }
  }

  private static long varint(MemorySegment data, long[] at) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = data.get(ValueLayout.JAVA_BYTE, at[0]++);
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IllegalStateException("malformed protobuf varint");
  }
}
