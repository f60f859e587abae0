package dev.drawbridge.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.config.AuditFailurePolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentReaderTest {

  @TempDir Path dir;

  /** A journal holding the gateway's start and {@code failures} failed authentications. */
  private Journal journalWith(int failures) throws Exception {
    Journal journal =
        Journal.open(new Journal.Options(dir, 1 << 20, 1 << 24, Duration.ofMillis(20), 1));
    JournalAuditSink sink =
        JournalAuditSink.start(
            journal,
            AuditFailurePolicy.FAIL_CLOSED,
            Clock.systemUTC(),
            new SimpleMeterRegistry(),
            "gw",
            "1");
    for (int i = 0; i < failures; i++) {
      sink.record(Events.authFailure(Instant.now()));
    }
    return journal;
  }

  @Test
  void batchesHoldAtMostTheirRecordsAndEndWhereTheNextStarts() throws Exception {
    try (Journal journal = journalWith(24)) {
      Journal.Pending pending = journal.pending().getFirst();
      List<Batch> batches = new ArrayList<>();

      SegmentReader.Outcome outcome = new SegmentReader(10, 1 << 20).read(pending, batches::add);

      assertThat(batches).extracting(b -> b.records().size()).containsExactly(10, 10, 5);
      List<Long> ends = JournalFiles.recordEnds(pending.path());
      assertThat(batches)
          .extracting(Batch::end)
          .containsExactly(ends.get(9), ends.get(19), ends.get(24));
      assertThat(batches.getLast().end()).isEqualTo(pending.to());
      assertThat(outcome).isEqualTo(new SegmentReader.Outcome(pending.to(), false, pending.to()));
    }
  }

  @Test
  void aBatchEndsAtTheRecordThatReachesItsBytes() throws Exception {
    try (Journal journal = journalWith(24)) {
      Journal.Pending pending = journal.pending().getFirst();
      List<Batch> batches = new ArrayList<>();

      new SegmentReader(1000, 1000).read(pending, batches::add);

      assertThat(batches).hasSizeGreaterThan(2);
      for (Batch batch : batches.subList(0, batches.size() - 1)) {
        List<Integer> sizes = batch.records().stream().map(r -> r.body().length).toList();
        int total = sizes.stream().mapToInt(Integer::intValue).sum();
        assertThat(total).isGreaterThanOrEqualTo(1000);
        assertThat(total - sizes.getLast()).isLessThan(1000);
      }
      assertThat(batches.stream().mapToInt(b -> b.records().size()).sum()).isEqualTo(25);
    }
  }

  @Test
  void readingResumesAtThePendingStart() throws Exception {
    try (Journal journal = journalWith(9)) {
      Journal.Pending pending = journal.pending().getFirst();
      List<Long> ends = JournalFiles.recordEnds(pending.path());
      journal.shipped(pending.segment(), ends.get(5));
      List<Batch> batches = new ArrayList<>();

      new SegmentReader(100, 1 << 20).read(journal.pending().getFirst(), batches::add);

      List<AuditRecord> all = new ArrayList<>();
      batches.forEach(b -> all.addAll(b.records()));
      assertThat(all).hasSize(4);
    }
  }

  @Test
  void aCorruptFrameEndsReadingAfterTheWholeRecordsBeforeIt() throws Exception {
    try (Journal journal = journalWith(9)) {
      Journal.Pending pending = journal.pending().getFirst();
      List<Long> ends = JournalFiles.recordEnds(pending.path());
      JournalFiles.corrupt(pending.path(), ends.get(2) + 12);
      List<Batch> batches = new ArrayList<>();

      SegmentReader.Outcome outcome = new SegmentReader(100, 1 << 20).read(pending, batches::add);

      assertThat(outcome.torn()).isTrue();
      assertThat(outcome.end()).isEqualTo(ends.get(2));
      assertThat(outcome.shipped()).isEqualTo(ends.get(2));
      assertThat(batches).singleElement().satisfies(b -> assertThat(b.records()).hasSize(3));
    }
  }

  @Test
  void aDatabaseFailureComesOutAsItself() throws Exception {
    try (Journal journal = journalWith(3)) {
      SQLException refused = new SQLException("connection refused", "08001");

      assertThatThrownBy(
              () ->
                  new SegmentReader(2, 1 << 20)
                      .read(
                          journal.pending().getFirst(),
                          batch -> {
                            throw refused;
                          }))
          .isSameAs(refused);
    }
  }
}
