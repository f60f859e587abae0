package dev.drawbridge.audit.store;

import static dev.drawbridge.audit.store.ShipperTests.WAIT;
import static dev.drawbridge.audit.store.ShipperTests.journal;
import static dev.drawbridge.audit.store.ShipperTests.sink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.audit.query.DatabaseRecordSource;
import dev.drawbridge.audit.query.TimeWindow;
import dev.drawbridge.audit.query.Verification;
import dev.drawbridge.audit.record.CanonicalEncoding;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.LimitsConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import dev.drawbridge.core.model.ApprovalVerdict;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.core.model.TimeOrderedIds;
import dev.drawbridge.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approvals and run-time grants shipped by the shipper, read back through {@code audit.approvals}
 * and {@code audit.grant_changes}.
 */
@ExtendWith(TestPostgres.class)
class ApprovalViewsIT {

  private static final String DATABASE = "audit_approvals_it";
  private static final String REVIEW = "writes to orders need approval";

  @TempDir Path dir;

  private AuditTestDatabase db;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
  private final Instant deadline = now.plus(Duration.ofMinutes(5));
  private final Instant until = now.plus(Duration.ofHours(2));
  private final SessionInfo session = Events.session("report-bot");
  private UUID run;

  @BeforeEach
  void freshSchema(TestPostgres.Server server) throws Exception {
    db = AuditTestDatabase.fresh(server, DATABASE);
  }

  @AfterEach
  void closeDatabase() throws Exception {
    db.close();
  }

  private AuditEvent held(long sequence) {
    return Events.operation(session, sequence, new Decision.Review("orders-write", REVIEW));
  }

  private AuditEvent requested(long sequence, String approval) {
    return new AuditEvent.ApprovalRequested(
        TimeOrderedIds.next(),
        now,
        session.id(),
        sequence,
        approval,
        "orders-write",
        REVIEW,
        deadline);
  }

  private AuditEvent decided(long sequence, String approval, ApprovalVerdict verdict) {
    return new AuditEvent.ApprovalDecided(
        TimeOrderedIds.next(), now, session.id(), sequence, approval, verdict);
  }

  private static GrantConfig temporaryGrant() {
    return new GrantConfig(
        "tmp-orders-write-1",
        new SubjectConfig("report-bot", null),
        "orders-db",
        List.of(new RuleConfig(List.of("write"), List.of("public.orders"), List.of("status"))),
        List.of(),
        List.of(
            new RuleConfig(List.of("ddl"), List.of("public.*"), List.of(), Duration.ofMinutes(1))),
        new LimitsConfig(100),
        "alice@example.com",
        "INC-42: unstick orders",
        LocalDate.now());
  }

  /**
   * One session with four held statements: the first still waiting, the second approved for two
   * hours (with the temporary grant it made), the third denied, the fourth abandoned when the
   * session ended (recorded after the end, so in the gateway run's chain); then the grant revoked.
   */
  private void shipApprovals() throws Exception {
    try (Journal journal = journal(dir, 1 << 20, 1)) {
      JournalAuditSink sink = sink(journal, registry);
      run = sink.run();
      sink.record(Events.start(session));
      sink.record(held(1));
      sink.record(requested(1, "apr-pending"));
      sink.record(held(2));
      sink.record(requested(2, "apr-approved"));
      sink.record(
          new AuditEvent.GrantCreated(
              TimeOrderedIds.next(),
              now,
              temporaryGrant(),
              until,
              "alice@example.com",
              "apr-approved"));
      sink.record(
          decided(
              2,
              "apr-approved",
              new ApprovalVerdict.Approved(
                  "alice@example.com", "INC-42", "tmp-orders-write-1", until)));
      sink.record(Events.result(session, 2, 1));
      sink.record(held(3));
      sink.record(requested(3, "apr-denied"));
      sink.record(
          decided(
              3, "apr-denied", new ApprovalVerdict.Denied("bob@example.com", "not in the freeze")));
      sink.record(held(4));
      sink.record(requested(4, "apr-abandoned"));
      sink.record(Events.end(session));
      sink.record(decided(4, "apr-abandoned", new ApprovalVerdict.Abandoned("the session ended")));
      sink.record(
          new AuditEvent.GrantRevoked(
              TimeOrderedIds.next(), now, "tmp-orders-write-1", "bob@example.com", "fixed"));
      try (Shipper shipper = Shipper.start(journal, db.database(), registry, Clock.systemUTC())) {
        assertThat(shipper.awaitCaughtUp(WAIT)).isTrue();
      }
    }
  }

  @Test
  void approvalsShowEachRequestWithItsStatementAndWhatBecameOfIt() throws Exception {
    shipApprovals();

    List<Map<String, Object>> approvals =
        db.rows(
            "select approval_id, session_id, operation, agent, connection, statement, grant_id,"
                + " reason, requested_at = ?::timestamptz as requested_now,"
                + " deadline = ?::timestamptz as deadline_kept, outcome, approver,"
                + " decided_at is not null as decided, decision_reason, temporary_grant_id,"
                + " temporary_until = ?::timestamptz as until_kept, waited_ms"
                + " from audit.approvals order by operation",
            CanonicalEncoding.time(now),
            CanonicalEncoding.time(deadline),
            CanonicalEncoding.time(until));
    assertThat(approvals)
        .extracting(row -> row.get("approval_id"))
        .containsExactly("apr-pending", "apr-approved", "apr-denied", "apr-abandoned");
    for (Map<String, Object> row : approvals) {
      assertThat(row)
          .containsEntry("session_id", session.id().value())
          .containsEntry("agent", "report-bot")
          .containsEntry("connection", "orders-db")
          .containsEntry("grant_id", "orders-write")
          .containsEntry("reason", REVIEW)
          .containsEntry("requested_now", true)
          .containsEntry("deadline_kept", true);
      assertThat((String) row.get("statement"))
          .isEqualTo("select id, total from orders where id = " + row.get("operation"));
    }

    assertThat(approvals.get(0))
        .containsEntry("operation", 1L)
        .containsEntry("outcome", null)
        .containsEntry("approver", null)
        .containsEntry("decided", false)
        .containsEntry("decision_reason", null)
        .containsEntry("temporary_grant_id", null);
    assertThat(approvals.get(1))
        .containsEntry("outcome", "approved")
        .containsEntry("approver", "alice@example.com")
        .containsEntry("decided", true)
        .containsEntry("decision_reason", "INC-42")
        .containsEntry("temporary_grant_id", "tmp-orders-write-1")
        .containsEntry("until_kept", true);
    assertThat(approvals.get(2))
        .containsEntry("outcome", "denied")
        .containsEntry("approver", "bob@example.com")
        .containsEntry("decision_reason", "not in the freeze")
        .containsEntry("temporary_grant_id", null)
        .containsEntry("until_kept", null);
    assertThat(approvals.get(3))
        .containsEntry("outcome", "abandoned")
        .containsEntry("approver", null)
        .containsEntry("decision_reason", "the session ended");

    // held statements stay in audit.denials as held; the approvals do not count as operations
    assertThat(db.number("select count(*) from audit.denials where decision = 'review'"))
        .isEqualTo(4);
    assertThat(
            db.row(
                "select operations, denied from audit.sessions where session_id = ?",
                session.id().value()))
        .containsExactly(entry("operations", 4L), entry("denied", 0L));
  }

  @Test
  void reviewDecisionsShowWhoDecidedWhatAndHowItWasApplied() throws Exception {
    try (Journal journal = journal(dir, 1 << 20, 1)) {
      JournalAuditSink sink = sink(journal, registry);
      sink.record(
          new AuditEvent.ReviewDecided(
              TimeOrderedIds.next(),
              now,
              "Q4",
              "orders-read",
              "report-bot",
              "orders-db",
              "file",
              "narrow",
              "rita@example.com",
              "unused tables",
              "patch",
              List.of(
                  new dev.drawbridge.config.RuleConfig(
                      List.of("read"), List.of("public.orders"), List.of())),
              null));
      sink.record(
          new AuditEvent.ReviewDecided(
              TimeOrderedIds.next(),
              now,
              "Q4",
              "jit-ap-1",
              "report-bot",
              "orders-db",
              "temporary",
              "extend",
              "rita@example.com",
              "still needed",
              "in-force",
              null,
              until));
      try (Shipper shipper = Shipper.start(journal, db.database(), registry, Clock.systemUTC())) {
        assertThat(shipper.awaitCaughtUp(WAIT)).isTrue();
      }
    }

    List<Map<String, Object>> decisions =
        db.rows(
            "select campaign, grant_id, grant_kind, agent, connection, decision, reviewer, reason,"
                + " applied, until = ?::timestamptz as until_kept, allow::text as allow"
                + " from audit.review_decisions order by event_id",
            CanonicalEncoding.time(until));
    assertThat(decisions).hasSize(2);
    assertThat(decisions.get(0))
        .containsEntry("campaign", "Q4")
        .containsEntry("grant_id", "orders-read")
        .containsEntry("grant_kind", "file")
        .containsEntry("agent", "report-bot")
        .containsEntry("decision", "narrow")
        .containsEntry("reviewer", "rita@example.com")
        .containsEntry("applied", "patch");
    assertThat((String) decisions.get(0).get("allow")).contains("public.orders");
    assertThat(decisions.get(1))
        .containsEntry("grant_id", "jit-ap-1")
        .containsEntry("decision", "extend")
        .containsEntry("applied", "in-force")
        .containsEntry("until_kept", true);
  }

  @Test
  void grantChangesShowTheGrantAsCreatedAndItsRevocation() throws Exception {
    shipApprovals();

    List<Map<String, Object>> changes =
        db.rows(
            "select change, grant_id, agent, connection, actor, reason,"
                + " expires_at = ?::timestamptz as expires_kept, expires_at is null as no_expiry,"
                + " approval_id, definition::text as definition"
                + " from audit.grant_changes order by event_id",
            CanonicalEncoding.time(until));
    assertThat(changes).hasSize(2);
    assertThat(changes.get(0))
        .containsEntry("change", "created")
        .containsEntry("grant_id", "tmp-orders-write-1")
        .containsEntry("agent", "report-bot")
        .containsEntry("connection", "orders-db")
        .containsEntry("actor", "alice@example.com")
        .containsEntry("reason", "INC-42: unstick orders")
        .containsEntry("expires_kept", true)
        .containsEntry("approval_id", "apr-approved");
    ObjectMapper json = new ObjectMapper();
    JsonNode grant = json.readTree((String) changes.get(0).get("definition"));
    assertThat(grant.path("id").asText()).isEqualTo("tmp-orders-write-1");
    assertThat(grant.path("subject")).isEqualTo(json.readTree("{\"agent\":\"report-bot\"}"));
    assertThat(grant.path("connection").asText()).isEqualTo("orders-db");
    assertThat(grant.path("allow"))
        .isEqualTo(
            json.readTree(
                "[{\"actions\":[\"write\"],\"tables\":[\"public.orders\"],"
                    + "\"columns\":[\"status\"]}]"));
    assertThat(grant.path("review").size()).isZero();
    assertThat(grant.path("deny").get(0).path("timeoutMs").asLong()).isEqualTo(60_000);
    assertThat(grant.path("limits").path("rowsPerStatement").asInt()).isEqualTo(100);
    assertThat(grant.path("owner").asText()).isEqualTo("alice@example.com");
    assertThat(grant.path("expiresAt").asText()).isEqualTo(CanonicalEncoding.time(until));

    assertThat(changes.get(1))
        .containsEntry("change", "revoked")
        .containsEntry("grant_id", "tmp-orders-write-1")
        .containsEntry("actor", "bob@example.com")
        .containsEntry("reason", "fixed")
        .containsEntry("no_expiry", true)
        .containsEntry("approval_id", null)
        .containsEntry("definition", null);
  }

  @Test
  void approvalsAreChainedInTheSessionGrantChangesInTheRunAndAllOfItVerifies() throws Exception {
    shipApprovals();

    assertThat(
            db.rows(
                "select type, chain = ? as in_session, decision, operation from audit.events"
                    + " where type like 'approval.%' or type like 'grant.%' order by chain, seq",
                session.id().value()))
        .extracting(
            r ->
                r.get("type")
                    + " "
                    + r.get("in_session")
                    + " "
                    + r.get("decision")
                    + " "
                    + r.get("operation"))
        .containsExactlyInAnyOrder(
            "approval.requested true null 1",
            "approval.requested true null 2",
            "approval.decided true approved 2",
            "approval.requested true null 3",
            "approval.decided true denied 3",
            "approval.requested true null 4",
            "approval.decided false abandoned 4",
            "grant.created false null null",
            "grant.revoked false null null");
    assertThat(
            db.number(
                "select count(*) from audit.events where (type like 'approval.%'"
                    + " and session_id is distinct from ?) or (type like 'grant.%'"
                    + " and (chain <> ? or session_id is not null))",
                session.id().value(), run))
        .isZero();
    // gateway.start, the session's session.opened, the abandonment after its end, the grant's two
    assertThat(db.row("select kind, events from audit.chains where chain = ?", run))
        .containsExactly(entry("kind", "gateway"), entry("events", 5L));

    Verification verification =
        Verification.of(new DatabaseRecordSource(db.database().dataSource()), TimeWindow.ALL);
    assertThat(verification.allProblems()).isEmpty();
    assertThat(verification.events()).isEqualTo(db.number("select count(*) from audit.events"));

    try (var connection = db.connect();
        var statement = connection.createStatement()) {
      statement.execute(
          "update audit.events set decision = 'approved' where type = 'approval.decided'"
              + " and decision = 'denied'");
    }
    assertThat(
            Verification.of(new DatabaseRecordSource(db.database().dataSource()), TimeWindow.ALL)
                .allProblems())
        .singleElement()
        .satisfies(p -> assertThat(p.detail()).contains("column decision holds approved"));
  }
}
