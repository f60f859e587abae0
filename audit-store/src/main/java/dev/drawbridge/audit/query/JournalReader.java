package dev.drawbridge.audit.query;

import dev.drawbridge.audit.journal.SegmentFiles;
import dev.drawbridge.audit.journal.SegmentScanner;
import dev.drawbridge.audit.record.AuditRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Reads the whole records of a journal directory without opening the journal: the gateway that
 * holds it keeps writing, and a segment trimmed meanwhile is simply no longer there. Frames whose
 * bytes are not a record are skipped; the chain they belonged to shows the gap.
 */
final class JournalReader {

  /**
   * One record and where it sits.
   *
   * @param record the record
   * @param segment the number of its segment
   * @param end the offset just past it in the segment (what a shipper's checkpoint compares with)
   */
  record Entry(AuditRecord record, long segment, long end) {}

  private JournalReader() {}

  /** Hands every whole record of every segment in {@code dir} to {@code visitor}, in file order. */
  static void forEach(Path dir, Consumer<Entry> visitor) throws AuditQueryException {
    requireJournal(dir);
    try {
      for (Path segment : SegmentFiles.list(dir)) {
        scan(segment, 0, visitor);
      }
    } catch (IOException e) {
      throw new AuditQueryException("cannot read the journal " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Every whole record of every segment in {@code dir}, in file order. */
  static List<Entry> readAll(Path dir) throws AuditQueryException {
    List<Entry> entries = new ArrayList<>();
    forEach(dir, entries::add);
    return entries;
  }

  /**
   * Hands the whole records of {@code segment} from {@code from} on to {@code visitor}; answers the
   * offset reading resumes at ({@code from} when the segment is gone or has no whole frame yet).
   */
  static long scan(Path segment, long from, Consumer<Entry> visitor) throws IOException {
    OptionalLong number = number(segment);
    if (number.isEmpty()) {
      return from;
    }
    try {
      SegmentScanner.Scan scan =
          SegmentScanner.scan(
              segment,
              from,
              Long.MAX_VALUE,
              (bytes, next) -> {
                try {
                  visitor.accept(new Entry(AuditRecord.parse(bytes), number.getAsLong(), next));
                } catch (AuditRecord.MalformedRecordException e) {
                  // not a record: its chain shows the gap it leaves
                }
              });
      return Math.max(from, scan.end());
    } catch (NoSuchFileException e) {
      return from;
    }
  }

  /** The number in a segment's file name. */
  static OptionalLong number(Path segment) {
    return SegmentFiles.number(segment);
  }

  static void requireJournal(Path dir) throws AuditQueryException {
    if (!Files.isDirectory(dir)) {
      throw new AuditQueryException("there is no journal directory " + dir);
    }
  }
}
