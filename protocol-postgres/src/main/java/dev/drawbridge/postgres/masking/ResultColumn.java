package dev.drawbridge.postgres.masking;

import dev.drawbridge.postgres.codec.Frames;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * One column of a result as {@code RowDescription} describes it.
 *
 * @param table the OID of the table or view it comes from, 0 when computed
 * @param attnum its column number there, 0 when computed or a whole row
 * @param type its type's OID
 * @param format 0 for text, 1 for binary
 */
record ResultColumn(long table, int attnum, int type, int format) {

  /** The columns of a {@code RowDescription} frame, read without moving its indexes. */
  static List<ResultColumn> of(ByteBuf frame) {
    int at = Frames.bodyStart(frame);
    int end = Frames.bodyEnd(frame);
    int count = frame.getUnsignedShort(at);
    at += 2;
    List<ResultColumn> columns = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int nul = frame.indexOf(at, end, (byte) 0);
      if (nul < 0 || nul + 19 > end) {
        throw new IllegalArgumentException("a RowDescription message is cut short");
      }
      at = nul + 1;
      long table = frame.getUnsignedInt(at);
      int attnum = frame.getShort(at + 4);
      int type = frame.getInt(at + 6);
      int format = frame.getShort(at + 16);
      columns.add(new ResultColumn(table, attnum, type, format));
      at += 18;
    }
    return columns;
  }
}
