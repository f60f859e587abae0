package dev.drawbridge.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.query.StoredEvent;
import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.audit.record.CanonicalEncoding;
import dev.drawbridge.audit.record.ChainLink;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.LimitsConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import dev.drawbridge.core.model.ApprovalVerdict;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.SessionId;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.core.model.TimeOrderedIds;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Approvals and grant changes as {@code audit show} prints them: one readable line each. */
class AuditEventTextTest {

  private static final Instant TIME = Instant.parse("2026-11-24T19:16:19.964836Z");
  private static final SessionId SESSION = SessionId.next();

  private static List<String> describe(AuditEvent event) throws Exception {
    return AuditEventText.describe(
        StoredEvent.of(
            AuditRecord.parse(
                CanonicalEncoding.encode(
                    event, new ChainLink(SESSION.value(), 3, "ab".repeat(32))))));
  }

  private static AuditEvent decided(ApprovalVerdict verdict) {
    return new AuditEvent.ApprovalDecided(
        TimeOrderedIds.next(), TIME, SESSION, 3, "apr-7", verdict);
  }

  @Test
  void anApprovalRequest() throws Exception {
    assertThat(
            describe(
                new AuditEvent.ApprovalRequested(
                    TimeOrderedIds.next(),
                    TIME,
                    SESSION,
                    3,
                    "apr-7",
                    "orders-write",
                    "writes need approval",
                    Instant.parse("2026-11-24T19:21:19.964836Z"))))
        .containsExactly(
            "op 3: held for approval apr-7 under grant orders-write"
                + " (deadline 2026-11-24T19:21:19Z): writes need approval");
  }

  @Test
  void eachOutcomeOfAnApproval() throws Exception {
    assertThat(
            describe(
                decided(
                    new ApprovalVerdict.Approved(
                        "alice", "INC-42", "tmp-1", Instant.parse("2026-11-24T21:00:00Z")))))
        .containsExactly(
            "op 3: approval apr-7 approved by alice for grant tmp-1 until 2026-11-24T21:00:00Z:"
                + " INC-42");
    assertThat(describe(decided(ApprovalVerdict.Approved.once("alice", ""))))
        .containsExactly("op 3: approval apr-7 approved by alice for this statement");
    assertThat(describe(decided(new ApprovalVerdict.Denied("bob", "not in the freeze"))))
        .containsExactly("op 3: approval apr-7 denied by bob: not in the freeze");
    assertThat(describe(decided(new ApprovalVerdict.TimedOut(Duration.ofSeconds(150)))))
        .containsExactly("op 3: approval apr-7 timed out after 2m30s");
    assertThat(describe(decided(new ApprovalVerdict.Abandoned("the agent cancelled"))))
        .containsExactly("op 3: approval apr-7 abandoned: the agent cancelled");
  }

  @Test
  void aGrantCreatedAndRevoked() throws Exception {
    GrantConfig grant =
        new GrantConfig(
            "tmp-1",
            new SubjectConfig("report-bot", null),
            "orders-db",
            List.of(new RuleConfig(List.of("write"), List.of("public.orders"), List.of("status"))),
            List.of(
                new RuleConfig(
                    List.of("ddl"), List.of("public.*"), List.of(), Duration.ofMinutes(1))),
            List.of(),
            new LimitsConfig(100),
            "alice",
            "INC-42",
            LocalDate.parse("2026-11-24"));
    assertThat(
            describe(
                new AuditEvent.GrantCreated(
                    TimeOrderedIds.next(),
                    TIME,
                    grant,
                    Instant.parse("2026-11-24T21:00:00Z"),
                    "alice",
                    "apr-7")))
        .containsExactly(
            "grant tmp-1 for agent report-bot on orders-db until 2026-11-24T21:00:00Z,"
                + " created by alice (approval apr-7), owner alice: INC-42;"
                + " allow write on public.orders (status); review ddl on public.* (timeout 1m);"
                + " at most 100 row(s) per statement");
    assertThat(
            describe(
                new AuditEvent.GrantRevoked(TimeOrderedIds.next(), TIME, "tmp-1", "bob", "fixed")))
        .containsExactly("grant tmp-1 revoked by bob: fixed");
  }

  @Test
  void aSessionsAnchorInTheRunsChain() throws Exception {
    SessionInfo session = AuditFixture.session("report-bot", "orders-db");
    AuditEvent.SessionStart start =
        new AuditEvent.SessionStart(TimeOrderedIds.next(), TIME, session);
    String startHash = "0123456789ab" + "cd".repeat(26);
    assertThat(
            AuditEventText.describe(
                StoredEvent.of(
                    AuditRecord.parse(
                        CanonicalEncoding.sessionOpened(
                            TimeOrderedIds.next(),
                            start,
                            startHash,
                            new ChainLink(TimeOrderedIds.next(), 2, "ab".repeat(32)))))))
        .containsExactly("session " + session.id() + " opened; its start hashes to 0123456789ab…");
  }
}
