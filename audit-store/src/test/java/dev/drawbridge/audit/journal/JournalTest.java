package dev.drawbridge.audit.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  @TempDir Path dir;

  private Journal.Options options(long segmentSize, long maxSize) {
    return new Journal.Options(dir, segmentSize, maxSize, Duration.ofMillis(20), 4);
  }

  private static byte[] record(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private List<String> readAll() throws IOException {
    List<String> out = new ArrayList<>();
    for (Path segment : SegmentFiles.list(dir)) {
      SegmentScanner.scan(
          segment,
          0,
          Long.MAX_VALUE,
          (bytes, next) -> out.add(new String(bytes, StandardCharsets.UTF_8)));
    }
    return out;
  }

  @Test
  void appendedRecordsAreInTheFileBeforeAppendReturns() throws Exception {
    try (Journal journal = Journal.open(options(1 << 20, 1 << 24))) {
      journal.append(record("one"));
      journal.append(record("two"));
      // read by a separate scan while the journal is open: the OS has the bytes already
      assertThat(readAll()).containsExactly("one", "two");
    }
  }

  @Test
  void segmentsRollAtTheirSizeAndKeepOrderWithinALane() throws Exception {
    try (Journal journal = Journal.open(options(64 << 10, 1 << 24))) {
      for (int i = 0; i < 2000; i++) {
        journal.append(record("record-" + i + "-" + "x".repeat(100)));
      }
    }
    assertThat(SegmentFiles.list(dir)).hasSizeGreaterThan(2);
    List<String> all = readAll();
    assertThat(all).hasSize(2000);
    assertThat(all.get(0)).startsWith("record-0-");
    assertThat(all.get(1999)).startsWith("record-1999-");
  }

  @Test
  void recoveryCutsATornTailAndKeepsEveryWholeRecord() throws Exception {
    try (Journal journal = Journal.open(options(1 << 20, 1 << 24))) {
      journal.append(record("kept-1"));
      journal.append(record("kept-2"));
    }
    Path segment = SegmentFiles.list(dir).getFirst();
    long whole = Files.size(segment);
    // a write cut short: a frame header promising more bytes than follow
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.APPEND)) {
      channel.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 50, 1, 2, 3, 4, 'p', 'a'}));
    }
    try (Journal journal = Journal.open(options(1 << 20, 1 << 24))) {
      assertThat(journal.recovery().tornBytes()).isEqualTo(10);
      assertThat(journal.recovery().records()).isEqualTo(2);
      assertThat(Files.size(segment)).isEqualTo(whole);
      journal.append(record("after"));
    }
    assertThat(readAll()).containsExactly("kept-1", "kept-2", "after");
  }

  @Test
  void aCorruptRecordStopsTheScanThere() throws Exception {
    try (Journal journal = Journal.open(options(1 << 20, 1 << 24))) {
      journal.append(record("good"));
      journal.append(record("flipped"));
    }
    Path segment = SegmentFiles.list(dir).getFirst();
    byte[] bytes = Files.readAllBytes(segment);
    bytes[bytes.length - 1] ^= 1;
    Files.write(segment, bytes);
    SegmentScanner.Scan scan = SegmentScanner.scan(segment, 0, Long.MAX_VALUE, (b, n) -> {});
    assertThat(scan.records()).isEqualTo(1);
    assertThat(scan.torn()).isTrue();
  }

  @Test
  void aFullJournalRefusesUntilShippedSegmentsAreTrimmed() throws Exception {
    try (Journal journal = Journal.open(options(64 << 10, 128 << 10))) {
      byte[] big = record("y".repeat(1000));
      int written = 0;
      JournalUnavailableException full = null;
      while (full == null) {
        try {
          journal.append(big);
          written++;
        } catch (JournalUnavailableException e) {
          full = e;
        }
      }
      assertThat(full).hasMessageContaining("the audit journal is full");
      assertThat(written).isBetween(100, 130);
      assertThat(journal.retainedBytes()).isLessThanOrEqualTo(128 << 10);
      for (Journal.Pending pending : journal.pending()) {
        journal.shipped(pending.segment(), pending.to());
      }
      journal.append(big);
      assertThat(SegmentFiles.list(dir)).hasSizeLessThanOrEqualTo(2);
    }
  }

  @Test
  void shippedSegmentsStayTrimmedAfterARestart() throws Exception {
    try (Journal journal = Journal.open(options(64 << 10, 1 << 24))) {
      for (int i = 0; i < 500; i++) {
        journal.append(record("r" + i + "z".repeat(200)));
      }
      List<Journal.Pending> pending = journal.pending();
      Journal.Pending first = pending.getFirst();
      assertThat(first.sealed()).isTrue();
      journal.shipped(first.segment(), first.to());
      assertThat(Files.exists(first.path())).isFalse();
      Journal.Pending second = pending.get(1);
      journal.shipped(second.segment(), second.from() + 100);
    }
    try (Journal journal = Journal.open(options(64 << 10, 1 << 24))) {
      Journal.Pending resumed = journal.pending().getFirst();
      assertThat(resumed.from()).isGreaterThan(SegmentFiles.HEADER.length);
      assertThat(journal.recovery().segments()).isEqualTo(journal.pending().size());
    }
  }

  @Test
  void aSegmentNumberIsNeverUsedTwiceSoAStaleCheckpointCannotSwallowNewRecords() throws Exception {
    try (Journal journal = Journal.open(options(1 << 20, 1 << 24))) {
      journal.append(record("a longer record, shipped before the restart"));
      for (Journal.Pending pending : journal.pending()) {
        journal.shipped(pending.segment(), pending.to());
      }
    }
    // the shipped segment is removed at the next start; records written then must not be taken
    // for the removed segment's, shipped already
    try (Journal journal = Journal.open(options(1 << 20, 1 << 24))) {
      assertThat(journal.recovery().removed()).isEqualTo(1);
      journal.append(record("new"));
    }
    try (Journal journal = Journal.open(options(1 << 20, 1 << 24))) {
      assertThat(journal.pending()).hasSize(1);
      assertThat(readAll()).containsExactly("new");
    }
  }

  @Test
  void whatRecoveryCutsOffIsKeptAside() throws Exception {
    try (Journal journal = Journal.open(options(1 << 20, 1 << 24))) {
      journal.append(record("one"));
      journal.append(record("two, then corrupted"));
      journal.append(record("three"));
    }
    Path segment = SegmentFiles.list(dir).getFirst();
    byte[] bytes = Files.readAllBytes(segment);
    int second = SegmentFiles.HEADER.length + 8 + 3;
    bytes[second + 8] ^= 1; // a bit of the second record's bytes
    Files.write(segment, bytes);
    try (Journal journal = Journal.open(options(1 << 20, 1 << 24))) {
      assertThat(journal.recovery().records()).isEqualTo(1);
    }
    Path aside = segment.resolveSibling(segment.getFileName() + ".torn");
    assertThat(aside).exists();
    assertThat(new String(Files.readAllBytes(aside), StandardCharsets.UTF_8))
        .contains("three")
        .contains("then corrupted");
  }

  @Test
  void aLaneSealedAtCloseStartsNoNewSegment() throws Exception {
    try (Journal journal = Journal.open(options(1 << 20, 1 << 24))) {
      // what an append that passed the journal's closed check meets once close sealed its lane
      Lane lane = new Lane(journal);
      lane.append(record("before"));
      lane.seal();
      long segments = SegmentFiles.list(dir).size();
      assertThatThrownBy(() -> lane.append(record("after")))
          .isInstanceOf(JournalUnavailableException.class)
          .hasMessageContaining("closed");
      assertThat(SegmentFiles.list(dir)).hasSize((int) segments);
    }
  }

  @Test
  void onlyOneProcessHoldsAJournal() throws Exception {
    try (Journal journal = Journal.open(options(1 << 20, 1 << 24))) {
      assertThat(journal.dir()).isEqualTo(dir);
      // a second open in this JVM fails like one from another process would
      assertThatThrownBy(() -> Journal.open(options(1 << 20, 1 << 24)))
          .isInstanceOfAny(IOException.class, java.nio.channels.OverlappingFileLockException.class);
    }
  }

  @Test
  void threadsOnDifferentLanesAllLand() throws Exception {
    int threads = 6;
    int each = 500;
    try (Journal journal = Journal.open(options(64 << 10, 1 << 26))) {
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        workers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        start.await();
                        for (int i = 0; i < each; i++) {
                          journal.append(record(id + ":" + i));
                        }
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    }));
      }
      start.countDown();
      for (Thread worker : workers) {
        worker.join();
      }
    }
    List<String> all = readAll();
    assertThat(all).hasSize(threads * each).doesNotHaveDuplicates();
  }
}
