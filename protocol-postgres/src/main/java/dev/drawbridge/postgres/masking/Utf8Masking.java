package dev.drawbridge.postgres.masking;

import dev.drawbridge.core.masking.Strategy;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The strategies whose output follows from a value's UTF-8 bytes without decoding them, applied to
 * the bytes: {@code redact}, {@code partial}, {@code email} and {@code null} give exactly what
 * {@link Strategy#mask} gives for the decoded text, written as the length-prefixed value of a
 * {@code DataRow}. This spares a masked column of a large result a {@code String} and an encoding
 * per value. ({@code hash} keys an HMAC over the text, and detectors read it: those go through
 * {@link Strategy#mask}.)
 *
 * <p>Valid UTF-8 is assumed, as the rest of the result path assumes it: a code point is a byte that
 * is not a continuation byte ({@code 10xxxxxx}), and {@code @} (0x40) never occurs inside a
 * multi-byte sequence.
 */
final class Utf8Masking {

  private static final int KEPT = 4;
  private static final byte STAR = '*';
  private static final byte AT = '@';
  private static final byte[] REDACTED = Strategy.REDACTED.getBytes(StandardCharsets.UTF_8);
  private static final byte[] BEFORE_DOMAIN = {STAR, STAR, STAR, STAR};

  private Utf8Masking() {}

  /** Whether {@link #write} takes values masked with {@code strategy}. */
  static boolean takes(Strategy strategy) {
    return switch (strategy.kind()) {
      case REDACT, PARTIAL, EMAIL, NULL -> true;
      case HASH -> false;
    };
  }

  /**
   * Writes to {@code out} the masked form of the {@code length} bytes at {@code at} in {@code row}
   * (a value, not {@code NULL}): its length, then its bytes, or {@code -1} for SQL {@code NULL}.
   */
  static void write(Strategy strategy, ByteBuf row, int at, int length, ByteBuf out) {
    switch (strategy.kind()) {
      case REDACT -> redacted(out);
      case PARTIAL -> partial(row, at, length, out);
      case EMAIL -> email(row, at, length, out);
      case NULL -> out.writeInt(-1);
      case HASH -> throw new IllegalArgumentException("hash masks the decoded text");
    }
  }

  private static void redacted(ByteBuf out) {
    out.writeInt(REDACTED.length).writeBytes(REDACTED);
  }

  /** The last four code points kept, one {@code *} for each one before them. */
  private static void partial(ByteBuf row, int at, int length, ByteBuf out) {
    int end = at + length;
    int points = length - continuations(row, at, end);
    if (points <= KEPT) {
      out.writeInt(points);
      stars(out, points);
      return;
    }
    int keptFrom = end;
    for (int seen = 0; seen < KEPT; ) {
      keptFrom--;
      if (!continuation(row.getByte(keptFrom))) {
        seen++;
      }
    }
    int kept = end - keptFrom;
    out.writeInt(points - KEPT + kept);
    stars(out, points - KEPT);
    out.writeBytes(row, keptFrom, kept);
  }

  /**
   * How many continuation bytes lie from {@code from} to {@code end}, eight at a time: a byte is
   * one when its top bit is set and the next one down is not.
   */
  private static int continuations(ByteBuf row, int from, int end) {
    int count = 0;
    int i = from;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      long word = row.getLong(i);
      count += Long.bitCount(word & ~(word << 1) & 0x8080_8080_8080_8080L);
    }
    for (; i < end; i++) {
      if (continuation(row.getByte(i))) {
        count++;
      }
    }
    return count;
  }

  /** {@code ****} and the domain from the last {@code @}; {@code ****} without one. */
  private static void email(ByteBuf row, int at, int length, ByteBuf out) {
    int sign = -1;
    for (int i = at + length - 1; i >= at; i--) {
      if (row.getByte(i) == AT) {
        sign = i;
        break;
      }
    }
    if (sign < 0 || sign == at + length - 1) {
      redacted(out);
      return;
    }
    int domain = at + length - sign;
    out.writeInt(BEFORE_DOMAIN.length + domain).writeBytes(BEFORE_DOMAIN);
    out.writeBytes(row, sign, domain);
  }

  private static boolean continuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  private static void stars(ByteBuf out, int n) {
    for (int i = 0; i < n; i++) {
      out.writeByte(STAR);
    }
  }
}
