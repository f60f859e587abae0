package dev.drawbridge.server.postgres;

import dev.drawbridge.audit.journal.SegmentFiles;
import dev.drawbridge.audit.journal.SegmentScanner;
import dev.drawbridge.audit.record.AuditRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads what a gateway wrote to its audit journal, as an auditor's tool would. */
final class JournalRecords {

  private JournalRecords() {}

  static List<AuditRecord> read(Path journal) throws IOException {
    List<AuditRecord> records = new ArrayList<>();
    for (Path segment : SegmentFiles.list(journal)) {
      SegmentScanner.scan(
          segment,
          0,
          Long.MAX_VALUE,
          (bytes, next) -> {
            try {
              records.add(AuditRecord.parse(bytes));
            } catch (AuditRecord.MalformedRecordException e) {
              throw new IOException(e.getMessage(), e);
            }
          });
    }
    return records;
  }
}
