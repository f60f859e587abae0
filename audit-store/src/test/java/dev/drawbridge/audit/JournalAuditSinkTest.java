package dev.drawbridge.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.audit.journal.SegmentFiles;
import dev.drawbridge.audit.journal.SegmentScanner;
import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.config.AuditFailurePolicy;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.model.Protocol;
import dev.drawbridge.core.model.Resource;
import dev.drawbridge.core.model.SessionId;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.core.model.TimeOrderedIds;
import dev.drawbridge.core.ports.AuditReceipt;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalAuditSinkTest {

  @TempDir Path dir;

  private final Clock clock = Clock.systemUTC();

  private Journal open(long maxSize) throws Exception {
    return Journal.open(new Journal.Options(dir, 64 << 10, maxSize, Duration.ofMillis(20), 2));
  }

  private static SessionInfo session() {
    return new SessionInfo(
        SessionId.next(),
        Protocol.POSTGRES,
        "orders-db",
        new Identity(
            "sub-1", "report-bot", Set.of("analysts"), "https://idp", AuthMethod.JWT, null),
        new InetSocketAddress("127.0.0.1", 40000),
        Instant.now());
  }

  private static AuditEvent operation(SessionInfo session, long seq, String text) {
    return new AuditEvent.OperationDecided(
        TimeOrderedIds.next(),
        Instant.now(),
        new Operation(
            session,
            seq,
            Action.READ,
            "SELECT",
            List.of(new Resource.Table("public", "orders", List.of("id"))),
            text,
            System.nanoTime()),
        new Decision.Allow("orders-read"));
  }

  private List<AuditRecord> records() throws Exception {
    List<AuditRecord> out = new ArrayList<>();
    for (Path segment : SegmentFiles.list(dir)) {
      SegmentScanner.scan(
          segment,
          0,
          Long.MAX_VALUE,
          (bytes, next) -> {
            try {
              out.add(AuditRecord.parse(bytes));
            } catch (AuditRecord.MalformedRecordException e) {
              throw new IllegalStateException(e);
            }
          });
    }
    return out;
  }

  @Test
  void aSessionsEventsFormAChainOfHashes() throws Exception {
    SessionInfo session = session();
    try (Journal journal = open(1 << 24)) {
      JournalAuditSink sink =
          JournalAuditSink.start(
              journal, AuditFailurePolicy.FAIL_CLOSED, clock, new SimpleMeterRegistry(), "gw", "1");
      assertThat(
              sink.record(
                  new AuditEvent.SessionStart(TimeOrderedIds.next(), Instant.now(), session)))
          .isInstanceOf(AuditReceipt.Written.class);
      sink.record(operation(session, 2, "select id from orders"));
      sink.record(operation(session, 3, "select id from orders where id = 1"));
      sink.record(
          new AuditEvent.SessionEnd(
              TimeOrderedIds.next(),
              Instant.now(),
              session.id(),
              Duration.ofSeconds(1),
              10,
              20,
              "done"));
    }
    List<AuditRecord> chain =
        records().stream().filter(r -> r.chain().equals(session.id().value())).toList();
    assertThat(chain).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(chain.getFirst().link().prev()).isNull();
    for (int i = 1; i < chain.size(); i++) {
      assertThat(chain.get(i).link().prev()).isEqualTo(chain.get(i - 1).hash());
    }
    assertThat(chain.get(1).tree().path("text").asText()).isEqualTo("select id from orders");
    assertThat(chain.get(1).tree().path("grant").asText()).isEqualTo("orders-read");
    assertThat(chain.get(3).type()).isEqualTo("session.end");
  }

  @Test
  void theGatewayRunChainStartsWithTheStartAndCarriesEventsOfNoSession() throws Exception {
    try (Journal journal = open(1 << 24)) {
      JournalAuditSink sink =
          JournalAuditSink.start(
              journal, AuditFailurePolicy.FAIL_CLOSED, clock, new SimpleMeterRegistry(), "gw", "1");
      sink.record(
          new AuditEvent.AuthFailure(
              TimeOrderedIds.next(),
              Instant.now(),
              Protocol.POSTGRES,
              "orders-db",
              "mallory",
              new InetSocketAddress("10.0.0.9", 5555),
              "token signature invalid"));
      List<AuditRecord> run = records().stream().filter(r -> r.chain().equals(sink.run())).toList();
      assertThat(run)
          .extracting(AuditRecord::type)
          .containsExactly("gateway.start", "auth.failure");
      assertThat(run.get(1).link().prev()).isEqualTo(run.get(0).hash());
    }
  }

  @Test
  void failClosedRefusesWhenTheJournalIsFull() throws Exception {
    SessionInfo session = session();
    try (Journal journal = open(150 << 10)) {
      JournalAuditSink sink =
          JournalAuditSink.start(
              journal, AuditFailurePolicy.FAIL_CLOSED, clock, new SimpleMeterRegistry(), "gw", "1");
      sink.record(new AuditEvent.SessionStart(TimeOrderedIds.next(), Instant.now(), session));
      AuditReceipt receipt = AuditReceipt.WRITTEN;
      int seq = 1;
      while (receipt instanceof AuditReceipt.Written) {
        receipt = sink.record(operation(session, ++seq, "x".repeat(1000)));
      }
      assertThat(receipt).isInstanceOf(AuditReceipt.Refused.class);
      assertThat(receipt.mayProceed()).isFalse();
      assertThat(((AuditReceipt.Refused) receipt).reason()).contains("the audit journal is full");
      // shipping frees room: the chain goes on where it stopped, without a hole
      for (Journal.Pending pending : journal.pending()) {
        journal.shipped(pending.segment(), pending.to());
      }
      assertThat(sink.record(operation(session, ++seq, "after"))).isEqualTo(AuditReceipt.WRITTEN);
    }
  }

  @Test
  void continueLetsOperationsThroughAndRecordsTheGapOnceItRecovers() throws Exception {
    SessionInfo session = session();
    try (Journal journal = open(150 << 10)) {
      JournalAuditSink sink =
          JournalAuditSink.start(
              journal, AuditFailurePolicy.CONTINUE, clock, new SimpleMeterRegistry(), "gw", "1");
      sink.record(new AuditEvent.SessionStart(TimeOrderedIds.next(), Instant.now(), session));
      int seq = 1;
      int unrecorded = 0;
      for (int i = 0; i < 300; i++) {
        AuditReceipt receipt = sink.record(operation(session, ++seq, "x".repeat(1000)));
        if (receipt instanceof AuditReceipt.Unrecorded) {
          assertThat(receipt.mayProceed()).isTrue();
          unrecorded++;
        }
      }
      assertThat(unrecorded).isGreaterThan(100);
      // shipping trims sealed segments: keep what they held
      java.util.Set<AuditRecord> seen = new java.util.LinkedHashSet<>(records());
      for (Journal.Pending pending : journal.pending()) {
        journal.shipped(pending.segment(), pending.to());
      }
      assertThat(sink.record(operation(session, ++seq, "recovered")))
          .isEqualTo(AuditReceipt.WRITTEN);
      seen.addAll(records());
      List<AuditRecord> gaps = seen.stream().filter(r -> r.type().equals("audit.gap")).toList();
      assertThat(gaps).isNotEmpty();
      assertThat(gaps.stream().mapToLong(g -> g.tree().path("lost").asLong()).sum())
          .isEqualTo(unrecorded);
      AuditRecord gap = gaps.getLast();
      assertThat(gap.chain()).isEqualTo(sink.run());
    }
  }
}
