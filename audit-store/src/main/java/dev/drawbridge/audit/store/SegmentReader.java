package dev.drawbridge.audit.store;

import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.audit.journal.SegmentScanner;
import dev.drawbridge.audit.record.AuditRecord;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the unshipped part of a segment in batches of at most {@code maxRecords} records or {@code
 * maxBytes} bytes, handing each to the shipping step as soon as it is full, so a long segment is
 * never held in memory whole. Bytes that checksum but are not a record are logged and skipped.
 */
final class SegmentReader {

  private static final Logger log = LoggerFactory.getLogger(SegmentReader.class);

  /** Ships one batch; returns once it is in the database. */
  @FunctionalInterface
  interface BatchHandler {
    void ship(Batch batch) throws IOException, SQLException;
  }

  /**
   * What reading found.
   *
   * @param end the offset just past the last whole frame read
   * @param torn whether a frame cut short or corrupt stopped reading before the pending end
   * @param shipped the end of the last batch shipped, or where reading started when none was
   */
  record Outcome(long end, boolean torn, long shipped) {}

  private final int maxRecords;
  private final long maxBytes;

  SegmentReader(int maxRecords, long maxBytes) {
    if (maxRecords < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("a batch holds at least one record");
    }
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
  }

  /** Reads {@code pending} from its start to its end, shipping each batch through {@code to}. */
  Outcome read(Journal.Pending pending, BatchHandler to) throws IOException, SQLException {
    Collector collector = new Collector(pending, to);
    try {
      SegmentScanner.Scan scan =
          SegmentScanner.scan(pending.path(), pending.from(), pending.to(), collector::add);
      collector.flush();
      return new Outcome(scan.end(), scan.torn(), collector.shipped);
    } catch (DatabaseFailure failure) {
      throw failure.sqlException();
    }
  }

  /** Gathers records into a batch and ships it when it is full. */
  private final class Collector {
    private final Journal.Pending pending;
    private final BatchHandler handler;
    private final List<StoredEvent> records = new ArrayList<>();
    private long bytes;
    private long offset;
    private long end;
    private long shipped;

    Collector(Journal.Pending pending, BatchHandler handler) {
      this.pending = pending;
      this.handler = handler;
      this.offset = pending.from();
      this.shipped = pending.from();
    }

    void add(byte[] bytes, long next) throws IOException {
      try {
        records.add(StoredEvent.parse(bytes));
        this.bytes += bytes.length;
        end = next;
      } catch (AuditRecord.MalformedRecordException e) {
        log.error(
            "audit journal: the record at offset {} of {} is not an audit record ({}); skipped",
            offset,
            pending.path().getFileName(),
            e.getMessage());
      }
      offset = next;
      if (records.size() >= maxRecords || this.bytes >= maxBytes) {
        flush();
      }
    }

    void flush() throws IOException {
      if (records.isEmpty()) {
        return;
      }
      Batch batch = new Batch(pending.segment(), records, end);
      records.clear();
      bytes = 0;
      try {
        handler.ship(batch);
        shipped = batch.end();
      } catch (SQLException e) {
        throw new DatabaseFailure(e);
      }
    }
  }

  /** Carries a database failure out through the scanner, which only lets I/O failures through. */
  private static final class DatabaseFailure extends IOException {
    private static final long serialVersionUID = 1L;

    DatabaseFailure(SQLException cause) {
      super(cause.getMessage(), cause);
    }

    SQLException sqlException() {
      return (SQLException) getCause();
    }
  }
}
