package dev.drawbridge.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.audit.journal.SegmentFiles;
import dev.drawbridge.audit.journal.SegmentScanner;
import dev.drawbridge.audit.query.ChainKind;
import dev.drawbridge.audit.query.ChainProblem;
import dev.drawbridge.audit.query.ChainSlice;
import dev.drawbridge.audit.query.ChainVerifier;
import dev.drawbridge.audit.query.CopiedColumns;
import dev.drawbridge.audit.query.JournalRecordSource;
import dev.drawbridge.audit.query.StoredEvent;
import dev.drawbridge.audit.query.TimeWindow;
import dev.drawbridge.audit.query.Verification;
import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.audit.record.Hashes;
import dev.drawbridge.config.AuditFailurePolicy;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.ApprovalVerdict;
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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Approvals are chained in their session, grant changes in the gateway run's chain. */
class JournalAuditSinkApprovalsTest {

  @TempDir Path dir;

  private final SessionInfo session =
      new SessionInfo(
          SessionId.next(),
          Protocol.POSTGRES,
          "orders-db",
          new Identity("sub-1", "report-bot", Set.of(), "https://idp", AuthMethod.JWT, null),
          new InetSocketAddress("127.0.0.1", 40000),
          Instant.now());

  private UUID run;

  /**
   * A held write approved for an hour: its review decision, the request, the verdict, the temporary
   * grant it made, the statement's result, a revocation and the session's end.
   */
  private void recordAnApprovedWrite() throws Exception {
    try (Journal journal =
        Journal.open(new Journal.Options(dir, 1 << 20, 1 << 24, Duration.ofMillis(20), 2))) {
      JournalAuditSink sink =
          JournalAuditSink.start(
              journal,
              AuditFailurePolicy.FAIL_CLOSED,
              Clock.systemUTC(),
              new SimpleMeterRegistry(),
              "gw",
              "1");
      run = sink.run();
      Instant now = Instant.now();
      sink.record(new AuditEvent.SessionStart(TimeOrderedIds.next(), now, session));
      sink.record(
          new AuditEvent.OperationDecided(
              TimeOrderedIds.next(),
              now,
              new Operation(
                  session,
                  2,
                  Action.WRITE,
                  "UPDATE",
                  List.of(new Resource.Table("public", "orders", List.of("status"))),
                  "update orders set status = 'done' where id = 7",
                  System.nanoTime()),
              new Decision.Review("orders-write", "writes need approval")));
      sink.record(
          new AuditEvent.ApprovalRequested(
              TimeOrderedIds.next(),
              now,
              session.id(),
              2,
              "apr-1",
              "orders-write",
              "writes need approval",
              now.plusSeconds(300)));
      sink.record(
          new AuditEvent.GrantCreated(
              TimeOrderedIds.next(),
              now,
              new GrantConfig(
                  "tmp-1",
                  new SubjectConfig("report-bot", null),
                  "orders-db",
                  List.of(new RuleConfig(List.of("write"), List.of("public.orders"), List.of())),
                  List.of(),
                  List.of(),
                  null,
                  "alice",
                  "INC-42",
                  LocalDate.now()),
              now.plusSeconds(3600),
              "alice",
              "apr-1"));
      sink.record(
          new AuditEvent.ApprovalDecided(
              TimeOrderedIds.next(),
              now,
              session.id(),
              2,
              "apr-1",
              new ApprovalVerdict.Approved("alice", "INC-42", "tmp-1", now.plusSeconds(3600))));
      sink.record(
          new AuditEvent.OperationResult(
              TimeOrderedIds.next(), now, session.id(), 2, 1, Duration.ofMillis(2), "00000"));
      sink.record(new AuditEvent.GrantRevoked(TimeOrderedIds.next(), now, "tmp-1", "bob", "done"));
      sink.record(
          new AuditEvent.SessionEnd(
              TimeOrderedIds.next(), now, session.id(), Duration.ofSeconds(1), 1, 2, "done"));
    }
  }

  private List<AuditRecord> chain(UUID chain) throws Exception {
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
    return out.stream()
        .filter(r -> r.chain().equals(chain))
        .sorted(java.util.Comparator.comparingLong(AuditRecord::seq))
        .toList();
  }

  private static void linked(List<AuditRecord> chain) {
    assertThat(chain).extracting(AuditRecord::seq).containsExactly(seqs(chain.size()));
    assertThat(chain.getFirst().link().prev()).isNull();
    for (int i = 1; i < chain.size(); i++) {
      assertThat(chain.get(i).link().prev()).isEqualTo(chain.get(i - 1).hash());
    }
  }

  private static Long[] seqs(int n) {
    Long[] seqs = new Long[n];
    for (int i = 0; i < n; i++) {
      seqs[i] = i + 1L;
    }
    return seqs;
  }

  @Test
  void approvalsAreChainedInTheirSessionAndGrantChangesInTheGatewayRun() throws Exception {
    recordAnApprovedWrite();

    List<AuditRecord> sessionChain = chain(session.id().value());
    assertThat(sessionChain)
        .extracting(AuditRecord::type)
        .containsExactly(
            "session.start",
            "operation",
            "approval.requested",
            "approval.decided",
            "operation.result",
            "session.end");
    linked(sessionChain);
    assertThat(sessionChain.get(2).tree().path("session").asText())
        .isEqualTo(session.id().toString());
    assertThat(sessionChain.get(3).tree().path("decision").asText()).isEqualTo("approved");
    assertThat(sessionChain.get(3).tree().path("grant").asText()).isEqualTo("tmp-1");

    List<AuditRecord> runChain = chain(run);
    assertThat(runChain)
        .extracting(AuditRecord::type)
        .containsExactly("gateway.start", "session.opened", "grant.created", "grant.revoked");
    linked(runChain);
    // the session is anchored in the run's chain, naming the hash of its start
    assertThat(runChain.get(1).tree().path("session").asText()).isEqualTo(session.id().toString());
    assertThat(runChain.get(1).tree().path("startSha256").asText())
        .isEqualTo(sessionChain.getFirst().hash());
    assertThat(runChain.get(2).tree().has("session")).isFalse();
    assertThat(runChain.get(2).tree().path("approval").asText()).isEqualTo("apr-1");
  }

  @Test
  void verificationPassesAndFindsAnApprovalChangedAfterTheFact() throws Exception {
    recordAnApprovedWrite();
    Verification clean = Verification.of(new JournalRecordSource(dir), TimeWindow.ALL);
    assertThat(clean.allProblems()).isEmpty();
    assertThat(clean.chains()).isEqualTo(2);
    // six in the session's chain; gateway.start, session.opened, grant.created, grant.revoked
    assertThat(clean.events()).isEqualTo(10);

    List<StoredEvent> events = chain(session.id().value()).stream().map(StoredEvent::of).toList();
    int at = 3;
    StoredEvent decided = events.get(at);
    assertThat(decided.type()).isEqualTo("approval.decided");
    String forged = decided.record().replace("\"approver\":\"alice\"", "\"approver\":\"mallory\"");
    assertThat(forged).isNotEqualTo(decided.record());

    // the record changed, its stored hash kept
    assertThat(verify(replaced(events, at, withRecord(decided, forged, decided.hash()))))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.seq()).isEqualTo(4);
              assertThat(p.fault()).isEqualTo(ChainProblem.Fault.ALTERED);
              assertThat(p.kind()).isEqualTo(ChainKind.SESSION);
            });

    // the record and its hash changed together: the next event still names the original
    String forgedHash = Hashes.sha256(forged.getBytes(StandardCharsets.UTF_8));
    assertThat(verify(replaced(events, at, withRecord(decided, forged, forgedHash))))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.seq()).isEqualTo(4);
              assertThat(p.fault()).isEqualTo(ChainProblem.Fault.ALTERED);
              assertThat(p.detail()).contains("seq 5 names");
            });

    // the outcome's column changed behind the record's back
    CopiedColumns copied = decided.copied();
    StoredEvent column =
        new StoredEvent(
            decided.id(),
            decided.time(),
            decided.chain(),
            decided.seq(),
            decided.type(),
            decided.prevHash(),
            decided.hash(),
            decided.record(),
            new CopiedColumns(
                copied.session(),
                copied.agent(),
                copied.connection(),
                copied.operation(),
                copied.action(),
                "denied"));
    assertThat(copied.decision()).isEqualTo("approved");
    assertThat(verify(replaced(events, at, column)))
        .singleElement()
        .satisfies(p -> assertThat(p.detail()).contains("column decision holds denied"));
  }

  private static List<ChainProblem> verify(List<StoredEvent> events) {
    return new ChainVerifier(TimeWindow.ALL)
        .verify(
            new ChainSlice(
                events.getFirst().chain(), events, Optional.empty(), Optional.empty(), false));
  }

  private static List<StoredEvent> replaced(List<StoredEvent> events, int at, StoredEvent event) {
    List<StoredEvent> copy = new ArrayList<>(events);
    copy.set(at, event);
    return copy;
  }

  private static StoredEvent withRecord(StoredEvent event, String record, String hash) {
    return new StoredEvent(
        event.id(),
        event.time(),
        event.chain(),
        event.seq(),
        event.type(),
        event.prevHash(),
        hash,
        record,
        event.copied());
  }
}
