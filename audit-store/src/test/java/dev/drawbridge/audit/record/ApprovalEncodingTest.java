package dev.drawbridge.audit.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.LimitsConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import dev.drawbridge.core.model.ApprovalVerdict;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.SessionId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The canonical records of approvals and run-time grants, byte for byte. */
class ApprovalEncodingTest {

  private static final UUID CHAIN = UUID.fromString("01a20efc-dbd9-7000-a62a-e1d5ed007b75");
  private static final UUID ID = UUID.fromString("01a20efc-dbdb-7000-bb9e-c54c935ffc04");
  private static final SessionId SESSION =
      new SessionId(UUID.fromString("01a20efc-0000-7000-8000-000000000001"));
  private static final Instant TIME = Instant.parse("2026-11-24T19:16:19.9648361Z");
  private static final ChainLink LINK = new ChainLink(CHAIN, 5, "ab".repeat(32));
  private static final String ENVELOPE =
      "{\"v\":1,\"id\":\"01a20efc-dbdb-7000-bb9e-c54c935ffc04\","
          + "\"chain\":\"01a20efc-dbd9-7000-a62a-e1d5ed007b75\",\"seq\":5,"
          + "\"prev\":\""
          + "ab".repeat(32)
          + "\",\"time\":\"2026-11-24T19:16:19.964836Z\",";

  private static String encoded(AuditEvent event) {
    return new String(CanonicalEncoding.encode(event, LINK), StandardCharsets.UTF_8);
  }

  private static JsonNode tree(AuditEvent event) throws Exception {
    return AuditRecord.parse(CanonicalEncoding.encode(event, LINK)).tree();
  }

  private static AuditEvent decided(ApprovalVerdict verdict) {
    return new AuditEvent.ApprovalDecided(ID, TIME, SESSION, 3, "apr-7", verdict);
  }

  private static GrantConfig grant(SubjectConfig subject, LimitsConfig limits) {
    return new GrantConfig(
        "tmp-orders-write-1",
        subject,
        "orders-db",
        List.of(new RuleConfig(List.of("write"), List.of("public.orders"), List.of("status"))),
        List.of(
            new RuleConfig(
                List.of("ddl", "admin"), List.of("public.*"), List.of(), Duration.ofMinutes(2))),
        List.of(new RuleConfig(List.of("read"), List.of("public.secrets"), List.of())),
        limits,
        "alice@example.com",
        "INC-42: fix stuck orders",
        LocalDate.parse("2026-11-25"));
  }

  @Test
  void anApprovalRequestNamesItsSessionOperationGrantAndDeadline() {
    String record =
        encoded(
            new AuditEvent.ApprovalRequested(
                ID,
                TIME,
                SESSION,
                3,
                "apr-7",
                "orders-write",
                "writes to orders need approval",
                Instant.parse("2026-11-24T19:21:19.964836Z")));
    assertThat(record)
        .isEqualTo(
            ENVELOPE
                + "\"type\":\"approval.requested\","
                + "\"session\":\"01a20efc-0000-7000-8000-000000000001\",\"operation\":3,"
                + "\"approval\":\"apr-7\",\"grant\":\"orders-write\","
                + "\"reason\":\"writes to orders need approval\","
                + "\"deadline\":\"2026-11-24T19:21:19.964836Z\"}");
  }

  @Test
  void anApprovalForAWhileRecordsItsOutcomeApproverTemporaryGrantAndUntil() {
    String record =
        encoded(
            decided(
                new ApprovalVerdict.Approved(
                    "alice@example.com",
                    "INC-42",
                    "tmp-orders-write-1",
                    Instant.parse("2026-11-24T20:16:19Z"))));
    assertThat(record)
        .isEqualTo(
            ENVELOPE
                + "\"type\":\"approval.decided\","
                + "\"session\":\"01a20efc-0000-7000-8000-000000000001\",\"operation\":3,"
                + "\"approval\":\"apr-7\",\"decision\":\"approved\","
                + "\"approver\":\"alice@example.com\",\"reason\":\"INC-42\","
                + "\"grant\":\"tmp-orders-write-1\",\"until\":\"2026-11-24T20:16:19.000000Z\"}");
  }

  @Test
  void eachOutcomeRecordsOnlyTheFieldsItHas() {
    String head =
        ENVELOPE
            + "\"type\":\"approval.decided\","
            + "\"session\":\"01a20efc-0000-7000-8000-000000000001\",\"operation\":3,"
            + "\"approval\":\"apr-7\",";
    assertThat(encoded(decided(ApprovalVerdict.Approved.once("bob", null))))
        .isEqualTo(head + "\"decision\":\"approved\",\"approver\":\"bob\",\"reason\":\"\"}");
    assertThat(encoded(decided(new ApprovalVerdict.Denied("bob", "not during the freeze"))))
        .isEqualTo(
            head
                + "\"decision\":\"denied\",\"approver\":\"bob\","
                + "\"reason\":\"not during the freeze\"}");
    assertThat(encoded(decided(new ApprovalVerdict.TimedOut(Duration.ofSeconds(120)))))
        .isEqualTo(head + "\"decision\":\"timed-out\",\"waitedMs\":120000}");
    assertThat(encoded(decided(new ApprovalVerdict.Abandoned("the agent cancelled"))))
        .isEqualTo(head + "\"decision\":\"abandoned\",\"reason\":\"the agent cancelled\"}");
  }

  @Test
  void aCreatedGrantIsRecordedWhole() {
    String record =
        encoded(
            new AuditEvent.GrantCreated(
                ID,
                TIME,
                grant(new SubjectConfig("report-bot", null), new LimitsConfig(500)),
                Instant.parse("2026-11-25T23:59:59.999999Z"),
                "alice@example.com",
                "apr-7"));
    assertThat(record)
        .isEqualTo(
            ENVELOPE
                + "\"type\":\"grant.created\",\"grant\":\"tmp-orders-write-1\","
                + "\"agent\":\"report-bot\",\"group\":null,\"connection\":\"orders-db\","
                + "\"allow\":[{\"actions\":[\"write\"],\"tables\":[\"public.orders\"],"
                + "\"columns\":[\"status\"]}],"
                + "\"review\":[{\"actions\":[\"ddl\",\"admin\"],\"tables\":[\"public.*\"],"
                + "\"columns\":[],\"timeoutMs\":120000}],"
                + "\"deny\":[{\"actions\":[\"read\"],\"tables\":[\"public.secrets\"],"
                + "\"columns\":[]}],"
                + "\"limits\":{\"rowsPerStatement\":500},"
                + "\"owner\":\"alice@example.com\",\"reason\":\"INC-42: fix stuck orders\","
                + "\"expiresAt\":\"2026-11-25T23:59:59.999999Z\","
                + "\"creator\":\"alice@example.com\",\"approval\":\"apr-7\"}");
  }

  @Test
  void aGroupsGrantWithoutLimitsOrApprovalSaysSo() throws Exception {
    JsonNode tree =
        tree(
            new AuditEvent.GrantCreated(
                ID,
                TIME,
                grant(new SubjectConfig(null, "support"), null),
                Instant.parse("2026-11-25T23:59:59Z"),
                "admin",
                null));
    assertThat(tree.get("agent").isNull()).isTrue();
    assertThat(tree.path("group").asText()).isEqualTo("support");
    assertThat(tree.path("limits").isObject()).isTrue();
    assertThat(tree.path("limits").size()).isZero();
    assertThat(tree.path("approval").asText()).isEmpty();
  }

  @Test
  void aRevokedGrantNamesWhoAndWhy() {
    assertThat(
            encoded(
                new AuditEvent.GrantRevoked(
                    ID, TIME, "tmp-orders-write-1", "bob@example.com", "done early")))
        .isEqualTo(
            ENVELOPE
                + "\"type\":\"grant.revoked\",\"grant\":\"tmp-orders-write-1\","
                + "\"actor\":\"bob@example.com\",\"reason\":\"done early\"}");
  }

  @Test
  void namesAndReasonsAreBoundedLikeEveryOtherRecords() throws Exception {
    String name = "n".repeat(3 * CanonicalEncoding.MAX_NAME);
    String prose = "r".repeat(2 * CanonicalEncoding.MAX_PROSE);
    JsonNode denied = tree(decided(new ApprovalVerdict.Denied(name, prose)));
    assertThat(denied.path("approver").asText()).hasSize(CanonicalEncoding.MAX_NAME + 1);
    assertThat(denied.path("reason").asText()).hasSize(CanonicalEncoding.MAX_PROSE + 1);

    GrantConfig wide =
        new GrantConfig(
            name,
            new SubjectConfig(name, null),
            name,
            List.of(new RuleConfig(List.of("read"), List.of(name), List.of(name))),
            List.of(),
            List.of(),
            null,
            name,
            prose,
            LocalDate.parse("2026-11-25"));
    JsonNode created =
        tree(new AuditEvent.GrantCreated(ID, TIME, wide, TIME.plusSeconds(60), name, name));
    for (String field : List.of("grant", "agent", "connection", "owner", "creator", "approval")) {
      assertThat(created.path(field).asText()).as(field).hasSize(CanonicalEncoding.MAX_NAME + 1);
    }
    assertThat(created.path("reason").asText()).hasSize(CanonicalEncoding.MAX_PROSE + 1);
    JsonNode rule = created.path("allow").get(0);
    assertThat(rule.path("tables").get(0).asText()).hasSize(CanonicalEncoding.MAX_NAME + 1);
    assertThat(rule.path("columns").get(0).asText()).hasSize(CanonicalEncoding.MAX_NAME + 1);
  }

  @Test
  void theEnvelopeOfEachNewEventReadsBack() throws Exception {
    List<AuditEvent> events =
        List.of(
            new AuditEvent.ApprovalRequested(ID, TIME, SESSION, 3, "a", "g", "r", TIME),
            decided(new ApprovalVerdict.TimedOut(Duration.ofMillis(1))),
            new AuditEvent.GrantCreated(
                ID, TIME, grant(new SubjectConfig("x", null), null), TIME, "c", ""),
            new AuditEvent.GrantRevoked(ID, TIME, "g", "a", null));
    for (AuditEvent event : events) {
      AuditRecord record = AuditRecord.parse(CanonicalEncoding.encode(event, LINK));
      assertThat(record.type()).isEqualTo(event.type());
      assertThat(record.id()).isEqualTo(ID);
      assertThat(record.link()).isEqualTo(LINK);
      assertThat(record.time()).isEqualTo(Instant.parse("2026-11-24T19:16:19.964836Z"));
    }
  }
}
