package dev.drawbridge.postgres.masking;

import dev.drawbridge.core.masking.ColumnMasking;
import dev.drawbridge.core.masking.MaskingPolicy;
import dev.drawbridge.core.masking.Strategy;
import dev.drawbridge.postgres.codec.Frames;
import dev.drawbridge.postgres.message.BackendType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the rows of one result are masked: for each column, whether its values pass, are masked with
 * a rule's strategy, are scanned by the connection's detectors, or are sent as {@code NULL}.
 *
 * <p>Text-like values ({@code text}, {@code varchar}, {@code char}, {@code name}) are masked in
 * place in both formats. A masked column of any other type becomes {@code NULL}: its masked text
 * would not parse as the type. Detectors scan text-like values in both formats, {@code json} and
 * {@code jsonb} values, and values of types the server defines (domains, enums, extensions) when
 * sent as text. A row with nothing to change is passed on as the same bytes.
 */
final class RowMask {

  private static final Set<Integer> TEXT_LIKE = Set.of(25, 1043, 1042, 19, 705);
  private static final int JSON = 114;
  private static final int JSONB = 3802;

  /** The first OID PostgreSQL gives to objects a database defines. */
  private static final long FIRST_USER_OID = 16384;

  /** What happens to one column's values. */
  private sealed interface Treatment {}

  private enum Pass implements Treatment {
    INSTANCE
  }

  private enum Nulled implements Treatment {
    INSTANCE
  }

  /**
   * Masked or scanned text; {@code jsonbBinary} when the value is binary jsonb (a version byte
   * first); {@code bytes} the strategy when {@link Utf8Masking} masks its values without decoding
   * them, else null.
   */
  private record Text(ColumnMasking masking, boolean jsonbBinary, Strategy bytes)
      implements Treatment {

    Text(ColumnMasking masking, boolean jsonbBinary) {
      this(masking, jsonbBinary, direct(masking, jsonbBinary));
    }

    private static Strategy direct(ColumnMasking masking, boolean jsonbBinary) {
      return masking instanceof ColumnMasking.Masked masked
              && !jsonbBinary
              && Utf8Masking.takes(masked.strategy())
          ? masked.strategy()
          : null;
    }
  }

  private final Treatment[] treatments;

  private RowMask(Treatment[] treatments) {
    this.treatments = treatments;
  }

  /**
   * The mask of a result with these columns; empty when nothing in it is masked, so its rows pass
   * as they are.
   */
  static Optional<RowMask> of(
      List<ResultColumn> columns, CatalogSnapshot snapshot, MaskingPolicy policy) {
    Treatment[] treatments = new Treatment[columns.size()];
    boolean any = false;
    for (int i = 0; i < treatments.length; i++) {
      treatments[i] = treatment(columns.get(i), snapshot, policy);
      any |= treatments[i] != Pass.INSTANCE;
    }
    return any ? Optional.of(new RowMask(treatments)) : Optional.empty();
  }

  private static Treatment treatment(
      ResultColumn column, CatalogSnapshot snapshot, MaskingPolicy policy) {
    Optional<MaskedRelation> relation =
        column.table() == 0 ? Optional.empty() : snapshot.relation(column.table());
    if (relation.isPresent()) {
      if (column.attnum() == 0) {
        return Nulled.INSTANCE; // a whole row of a relation with masked columns
      }
      Optional<SourceMasking> source = relation.get().column(column.attnum());
      if (source.isPresent()) {
        return switch (source.get()) {
          case SourceMasking.Masked masked ->
              TEXT_LIKE.contains(column.type())
                  ? new Text(masked.masking(), false)
                  : Nulled.INSTANCE;
          case SourceMasking.Withheld withheld -> Nulled.INSTANCE;
        };
      }
    }
    return switch (policy.forColumn(Optional.empty())) {
      case ColumnMasking.Scanned scanned when scans(column) ->
          new Text(scanned, column.type() == JSONB && column.format() == 1);
      default -> Pass.INSTANCE;
    };
  }

  private static boolean scans(ResultColumn column) {
    int type = column.type();
    if (TEXT_LIKE.contains(type) || type == JSON || type == JSONB) {
      return true;
    }
    return column.format() == 0 && Integer.toUnsignedLong(type) >= FIRST_USER_OID;
  }

  /**
   * The row as the agent may see it: {@code row} itself when nothing changed, otherwise a new frame
   * ({@code row} is then released).
   */
  ByteBuf apply(ByteBuf row, ByteBufAllocator alloc) {
    ByteBuf out = write(row, row.readerIndex(), null, alloc);
    if (out == null) {
      return row;
    }
    row.release();
    return out;
  }

  /**
   * Appends to {@code out} the row framed at {@code frame} in {@code rows} as the agent may see it
   * (so that a run of rows becomes one buffer).
   */
  void writeTo(ByteBuf rows, int frame, ByteBuf out) {
    write(rows, frame, out, null);
  }

  /**
   * Writes the row framed at {@code frame} in {@code rows} as the agent may see it to {@code out}.
   * With {@code out} null, a buffer from {@code alloc} is taken at the first value that changes,
   * and null is answered when none does. The bytes between two changed values are copied in one
   * piece.
   */
  private ByteBuf write(ByteBuf rows, int frame, ByteBuf out, ByteBufAllocator alloc) {
    int body = frame + Frames.HEADER;
    int count = rows.getUnsignedShort(body);
    if (count != treatments.length) {
      throw new IllegalStateException(
          "a DataRow has " + count + " columns where its description had " + treatments.length);
    }
    int start = out == null ? -1 : header(out);
    int copied = body;
    int at = body + 2;
    for (int i = 0; i < count; i++) {
      int length = rows.getInt(at);
      int value = at + 4;
      Treatment treatment = treatments[i];
      if (length >= 0 && treatment != Pass.INSTANCE) {
        Strategy direct = treatment instanceof Text text ? text.bytes() : null;
        byte[] masked =
            treatment instanceof Text text && direct == null
                ? masked(rows, value, length, text)
                : null;
        if (treatment == Nulled.INSTANCE || direct != null || masked != null) {
          if (out == null) {
            out = alloc.buffer(rows.getInt(frame + 1) + 1);
            start = header(out);
          }
          out.writeBytes(rows, copied, at - copied);
          if (direct != null) {
            Utf8Masking.write(direct, rows, value, length, out);
          } else if (treatment == Nulled.INSTANCE || masked == NULL_VALUE) {
            out.writeInt(-1);
          } else {
            out.writeInt(masked.length).writeBytes(masked);
          }
          copied = value + length;
        }
      }
      at = value + Math.max(length, 0);
    }
    if (out == null) {
      return null;
    }
    out.writeBytes(rows, copied, at - copied);
    out.setInt(start + 1, out.writerIndex() - start - 1);
    return out;
  }

  /** Starts a {@code DataRow} frame in {@code out}, its length to be set; answers where. */
  private static int header(ByteBuf out) {
    int start = out.writerIndex();
    out.writeByte(BackendType.DATA_ROW.code()).writeInt(0);
    return start;
  }

  private static final byte[] NULL_VALUE = new byte[0];

  /** The masked bytes; null when unchanged, {@link #NULL_VALUE} for SQL {@code NULL}. */
  private static byte[] masked(ByteBuf row, int at, int length, Text text) {
    int skip = text.jsonbBinary() && length > 0 ? 1 : 0;
    String value = row.toString(at + skip, length - skip, StandardCharsets.UTF_8);
    String masked = text.masking().mask(value);
    if (masked == value) {
      return null;
    }
    if (masked == null) {
      return NULL_VALUE;
    }
    byte[] bytes = masked.getBytes(StandardCharsets.UTF_8);
    if (skip == 0) {
      return bytes;
    }
    byte[] withVersion = new byte[bytes.length + 1];
    withVersion[0] = row.getByte(at);
    System.arraycopy(bytes, 0, withVersion, 1, bytes.length);
    return withVersion;
  }
}
