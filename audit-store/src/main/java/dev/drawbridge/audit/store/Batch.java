package dev.drawbridge.audit.store;

import dev.drawbridge.audit.record.AuditRecord;
import java.time.Instant;
import java.util.List;

/**
 * Records read from one segment, shipped in one transaction.
 *
 * @param segment the segment they were read from
 * @param events the records, read, in the segment's order (never empty)
 * @param end the offset just past the last of them: the checkpoint once they are shipped
 */
record Batch(long segment, List<StoredEvent> events, long end) {

  Batch {
    events = List.copyOf(events);
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a batch holds at least one record");
    }
  }

  List<AuditRecord> records() {
    return events.stream().map(StoredEvent::record).toList();
  }

  /** The earliest time among its records. */
  Instant oldest() {
    Instant oldest = events.getFirst().record().time();
    for (StoredEvent event : events) {
      if (event.record().time().isBefore(oldest)) {
        oldest = event.record().time();
      }
    }
    return oldest;
  }
}
