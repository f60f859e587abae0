package dev.drawbridge.audit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.audit.journal.SegmentFiles;
import dev.drawbridge.audit.journal.SegmentScanner;
import dev.drawbridge.audit.query.ChainProblem.Fault;
import dev.drawbridge.config.AuditFailurePolicy;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.Protocol;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.core.model.TimeOrderedIds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal alone as a source, read while the gateway's journal is open and writing. */
class JournalRecordSourceTest {

  @TempDir Path dir;

  private Journal open() throws Exception {
    return Journal.open(new Journal.Options(dir, 1 << 20, 1 << 24, Duration.ofMillis(20), 2));
  }

  private static JournalAuditSink sink(Journal journal) {
    return JournalAuditSink.start(
        journal,
        AuditFailurePolicy.FAIL_CLOSED,
        Clock.systemUTC(),
        new SimpleMeterRegistry(),
        "gw",
        "1");
  }

  private static void session(
      JournalAuditSink sink, SessionInfo session, int operations, boolean end) {
    sink.record(new AuditEvent.SessionStart(TimeOrderedIds.next(), Instant.now(), session));
    for (int op = 1; op <= operations; op++) {
      sink.record(Trails.operation(session, op, Instant.now(), op % 2 == 0));
    }
    if (end) {
      sink.record(
          new AuditEvent.SessionEnd(
              TimeOrderedIds.next(),
              Instant.now(),
              session.id(),
              Duration.ofSeconds(2),
              10,
              20,
              "done"));
    }
  }

  @Test
  void sessionsEventsAndChainsAreReadWhileTheJournalIsOpen() throws Exception {
    SessionInfo first = Trails.session("report-bot", "orders-db", Instant.now());
    SessionInfo second = Trails.session("etl-bot", "billing-db", Instant.now());
    try (Journal journal = open()) {
      JournalAuditSink sink = sink(journal);
      session(sink, first, 3, true);
      session(sink, second, 2, false);
      sink.record(
          new AuditEvent.AuthFailure(
              TimeOrderedIds.next(),
              Instant.now(),
              Protocol.POSTGRES,
              "orders-db",
              "mallory",
              new InetSocketAddress("10.9.9.9", 1),
              "bad token"));

      JournalRecordSource source = new JournalRecordSource(dir);

      List<SessionSummary> sessions = source.sessions(new SessionFilter(null, null, null, 10));
      assertThat(sessions)
          .extracting(SessionSummary::session)
          .containsExactly(second.id().value(), first.id().value());
      SessionSummary done = sessions.get(1);
      assertThat(done.agent()).isEqualTo("report-bot");
      assertThat(done.protocol()).isEqualTo("postgres");
      assertThat(done.client()).isEqualTo("10.1.2.3");
      assertThat(done.operations()).isEqualTo(3);
      assertThat(done.denied()).isEqualTo(1);
      assertThat(done.endReason()).isEqualTo("done");
      assertThat(sessions.getFirst().ended()).isEmpty();
      assertThat(source.sessions(new SessionFilter("etl-bot", null, null, 10)))
          .extracting(SessionSummary::session)
          .containsExactly(second.id().value());

      assertThat(source.sessionEvents(first.id().value()))
          .extracting(StoredEvent::type)
          .containsExactly(
              "session.start",
              "session.opened",
              "operation",
              "operation",
              "operation",
              "session.end");

      Verification verification = Verification.of(source, TimeWindow.ALL);
      assertThat(verification.problems()).isEmpty();
      assertThat(verification.chains()).isEqualTo(3);
      // the run's chain: its start, each session's anchor, the failed authentication
      assertThat(verification.events()).isEqualTo((2 + 2) + 5 + 3);
      assertThat(verification.source()).isEqualTo("journal " + dir);
    }
  }

  @Test
  void aFeedAnswersRecordsAsTheyAreWritten() throws Exception {
    try (Journal journal = open()) {
      JournalAuditSink sink = sink(journal);
      SessionInfo session = Trails.session("report-bot", "orders-db", Instant.now());
      session(sink, session, 2, false);
      EventFeed feed =
          new JournalRecordSource(dir).follow(Instant.now().minusSeconds(60), Set.of("operation"));

      assertThat(feed.poll()).hasSize(2).extracting(StoredEvent::type).containsOnly("operation");
      assertThat(feed.poll()).isEmpty();

      sink.record(Trails.operation(session, 3, Instant.now(), false));
      sink.record(
          new AuditEvent.SessionEnd(
              TimeOrderedIds.next(),
              Instant.now(),
              session.id(),
              Duration.ofSeconds(2),
              1,
              2,
              "done"));
      List<StoredEvent> next = feed.poll();
      assertThat(next)
          .singleElement()
          .satisfies(e -> assertThat(e.field("operation")).isEqualTo("3"));
    }
  }

  @Test
  void aFrameCutOutOfASegmentIsAMissingEvent() throws Exception {
    SessionInfo session = Trails.session("report-bot", "orders-db", Instant.now());
    try (Journal journal = open()) {
      session(sink(journal), session, 4, true);
    }
    Path segment = SegmentFiles.list(dir).getFirst();
    List<byte[]> frames = new ArrayList<>();
    SegmentScanner.scan(segment, 0, Long.MAX_VALUE, (bytes, next) -> frames.add(bytes));
    // frames: gateway.start, session.start, session.opened, operations 1..4, session.end; drop
    // operation 2 (seq 3)
    byte[] dropped = frames.remove(4);
    assertThat(new String(dropped, StandardCharsets.UTF_8)).contains("\"seq\":3");
    Files.write(segment, segmentOf(frames));

    assertThat(Verification.of(new JournalRecordSource(dir), TimeWindow.ALL).problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.chain()).isEqualTo(session.id().value());
              assertThat(p.seq()).isEqualTo(3);
              assertThat(p.fault()).isEqualTo(Fault.MISSING);
            });
  }

  @Test
  void aSessionCutOutWholeIsFoundByItsAnchorInTheRunsChain() throws Exception {
    SessionInfo kept = Trails.session("report-bot", "orders-db", Instant.now());
    SessionInfo removed = Trails.session("etl-bot", "billing-db", Instant.now());
    UUID run;
    try (Journal journal = open()) {
      JournalAuditSink sink = sink(journal);
      run = sink.run();
      session(sink, kept, 1, true);
      session(sink, removed, 2, true);
    }
    Path segment = SegmentFiles.list(dir).getFirst();
    List<byte[]> frames = new ArrayList<>();
    SegmentScanner.scan(segment, 0, Long.MAX_VALUE, (bytes, next) -> frames.add(bytes));
    // every record of the removed session's chain goes; its anchor in the run's chain stays
    String chain = "\"chain\":\"" + removed.id() + "\"";
    assertThat(frames.removeIf(f -> new String(f, StandardCharsets.UTF_8).contains(chain)))
        .isTrue();
    Files.write(segment, segmentOf(frames));

    assertThat(Verification.of(new JournalRecordSource(dir), TimeWindow.ALL).problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.chain()).isEqualTo(run);
              assertThat(p.kind()).isEqualTo(ChainKind.GATEWAY);
              // gateway.start, the kept session's anchor, then the removed one's
              assertThat(p.seq()).isEqualTo(3);
              assertThat(p.fault()).isEqualTo(Fault.MISSING);
              assertThat(p.describe())
                  .contains(
                      "session "
                          + removed.id()
                          + ", opened at gateway run chain "
                          + run
                          + " seq 3, has no events: removed?");
            });
  }

  @Test
  void aWindowStartingMidChainLinksToTheRecordBeforeIt() throws Exception {
    SessionInfo session = Trails.session("report-bot", "orders-db", Instant.now());
    try (Journal journal = open()) {
      JournalAuditSink sink = sink(journal);
      sink.record(new AuditEvent.SessionStart(TimeOrderedIds.next(), Instant.now(), session));
      for (int op = 1; op <= 5; op++) {
        Thread.sleep(2);
        sink.record(Trails.operation(session, op, Instant.now(), false));
      }
    }
    Path segment = SegmentFiles.list(dir).getFirst();
    List<byte[]> frames = new ArrayList<>();
    SegmentScanner.scan(segment, 0, Long.MAX_VALUE, (bytes, next) -> frames.add(bytes));
    // frames: gateway.start, the session's seq 1, its anchor (session.opened), its seq 2 to 6
    TimeWindow window =
        TimeWindow.since(dev.drawbridge.audit.record.AuditRecord.parse(frames.get(6)).time());
    JournalRecordSource source = new JournalRecordSource(dir);

    Verification clean = Verification.of(source, window);
    assertThat(clean.problems()).isEmpty();
    assertThat(clean.events()).isEqualTo(2);

    frames.remove(5);
    Files.write(segment, segmentOf(frames));
    assertThat(Verification.of(source, window).problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.seq()).isEqualTo(4);
              assertThat(p.fault()).isEqualTo(Fault.MISSING);
            });
  }

  @Test
  void aMissingDirectoryIsSaidSo() {
    JournalRecordSource source = new JournalRecordSource(dir.resolve("nowhere"));
    assertThatThrownBy(() -> source.sessions(new SessionFilter(null, null, null, 1)))
        .isInstanceOf(AuditQueryException.class)
        .hasMessageContaining("there is no journal directory");
  }

  private static byte[] segmentOf(List<byte[]> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("DBJRNL1\n".getBytes(StandardCharsets.US_ASCII));
    for (byte[] record : records) {
      CRC32C crc = new CRC32C();
      crc.update(record);
      out.writeBytes(
          ByteBuffer.allocate(8).putInt(record.length).putInt((int) crc.getValue()).array());
      out.writeBytes(record);
    }
    return out.toByteArray();
  }
}
