package dev.drawbridge.audit.store;

import dev.drawbridge.audit.record.AuditRecord;
import java.time.Instant;
import java.util.List;

/**
 * Records read from one segment, shipped in one transaction.
 *
 * @param segment the segment they were read from
 * @param records the records, in the segment's order (never empty)
 * @param end the offset just past the last of them: the checkpoint once they are shipped
 */
record Batch(long segment, List<AuditRecord> records, long end) {

  Batch {
    records = List.copyOf(records);
    if (records.isEmpty()) {
      throw new IllegalArgumentException("a batch holds at least one record");
    }
  }

  /** The earliest time among its records. */
  Instant oldest() {
    Instant oldest = records.getFirst().time();
    for (AuditRecord record : records) {
      if (record.time().isBefore(oldest)) {
        oldest = record.time();
      }
    }
    return oldest;
  }
}
