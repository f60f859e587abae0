package dev.drawbridge.audit.store;

import dev.drawbridge.audit.journal.SegmentScanner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Looking into and damaging segment files, for the shipper's tests. */
final class JournalFiles {

  private JournalFiles() {}

  /** The offset just past each whole record of {@code segment}. */
  static List<Long> recordEnds(Path segment) throws IOException {
    List<Long> ends = new ArrayList<>();
    SegmentScanner.scan(segment, 0, Long.MAX_VALUE, (record, next) -> ends.add(next));
    return ends;
  }

  /** Flips the bits of the byte at {@code offset}, as a failing disk would. */
  static void corrupt(Path segment, long offset) throws IOException {
    try (FileChannel file =
        FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      file.read(one, offset);
      one.put(0, (byte) ~one.get(0));
      one.rewind();
      file.write(one, offset);
    }
  }
}
