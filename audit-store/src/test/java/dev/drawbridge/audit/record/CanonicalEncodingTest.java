package dev.drawbridge.audit.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.Protocol;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CanonicalEncodingTest {

  private static final UUID CHAIN = UUID.fromString("01a20efc-dbd9-7000-a62a-e1d5ed007b75");
  private static final UUID ID = UUID.fromString("01a20efc-dbdb-7000-bb9e-c54c935ffc04");

  private static AuditEvent failure(String claimed) {
    return new AuditEvent.AuthFailure(
        ID,
        Instant.parse("2026-11-24T19:16:19.9648361Z"),
        Protocol.POSTGRES,
        "orders-db",
        claimed,
        new InetSocketAddress("10.0.0.9", 5555),
        "token signature invalid");
  }

  @Test
  void theSameEventAndLinkAlwaysGiveTheSameBytesInAFixedOrder() {
    ChainLink link = new ChainLink(CHAIN, 2, "ab".repeat(32));
    byte[] first = CanonicalEncoding.encode(failure("mallory"), link);
    byte[] again = CanonicalEncoding.encode(failure("mallory"), link);
    assertThat(first).isEqualTo(again);
    assertThat(new String(first, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"v\":1,\"id\":\"01a20efc-dbdb-7000-bb9e-c54c935ffc04\","
                + "\"chain\":\"01a20efc-dbd9-7000-a62a-e1d5ed007b75\",\"seq\":2,"
                + "\"prev\":\""
                + "ab".repeat(32)
                + "\",\"time\":\"2026-11-24T19:16:19.964836Z\",\"type\":\"auth.failure\","
                + "\"protocol\":\"postgres\",\"connection\":\"orders-db\","
                + "\"claimedAgent\":\"mallory\",\"client\":\"10.0.0.9\","
                + "\"reason\":\"token signature invalid\"}");
  }

  @Test
  void theEnvelopeReadsBackAndTheHashIsOverTheBytes() throws Exception {
    byte[] bytes = CanonicalEncoding.encode(failure("m"), new ChainLink(CHAIN, 1, null));
    AuditRecord record = AuditRecord.parse(bytes);
    assertThat(record.id()).isEqualTo(ID);
    assertThat(record.chain()).isEqualTo(CHAIN);
    assertThat(record.seq()).isEqualTo(1);
    assertThat(record.link().prev()).isNull();
    assertThat(record.type()).isEqualTo("auth.failure");
    assertThat(record.hash()).isEqualTo(Hashes.sha256(bytes)).hasSize(64);
  }

  @Test
  void timesHaveExactlySixFractionalDigitsInUtc() {
    assertThat(CanonicalEncoding.time(Instant.parse("2026-01-02T03:04:05Z")))
        .isEqualTo("2026-01-02T03:04:05.000000Z");
    assertThat(CanonicalEncoding.time(Instant.parse("1999-12-31T23:59:59.000000999Z")))
        .isEqualTo("1999-12-31T23:59:59.000000Z");
    assertThat(CanonicalEncoding.time(Instant.parse("2026-11-24T19:16:19.123456789Z")))
        .isEqualTo("2026-11-24T19:16:19.123456Z");
  }

  @Test
  void whatAClientNamesIsCappedSoAnIndexedColumnAlwaysTakesIt() throws Exception {
    String huge = "d".repeat(6000);
    AuditEvent failure =
        new AuditEvent.AuthFailure(
            ID,
            Instant.now(),
            Protocol.POSTGRES,
            huge,
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
            new InetSocketAddress("10.0.0.9", 5555),
            "bad token");
    com.fasterxml.jackson.databind.JsonNode tree =
        AuditRecord.parse(CanonicalEncoding.encode(failure, new ChainLink(CHAIN, 1, null))).tree();
    assertThat(tree.path("connection").asText()).hasSize(CanonicalEncoding.MAX_NAME + 1);
    assertThat(tree.path("claimedAgent").asText()).isEqualTo("(withheld: it looks like a token)");
  }

  @Test
  void aStatementTooLongToKeepWholeKeepsItsLengthAndHash() throws Exception {
    String text = "select '" + "x".repeat(CanonicalEncoding.MAX_TEXT) + "'";
    dev.drawbridge.core.model.SessionInfo session =
        new dev.drawbridge.core.model.SessionInfo(
            dev.drawbridge.core.model.SessionId.next(),
            Protocol.POSTGRES,
            "db",
            new dev.drawbridge.core.model.Identity(
                "s", "a", java.util.Set.of(), "i", dev.drawbridge.core.model.AuthMethod.JWT, null),
            new InetSocketAddress("127.0.0.1", 1),
            Instant.now());
    AuditEvent operation =
        new AuditEvent.OperationDecided(
            ID,
            Instant.now(),
            new dev.drawbridge.core.model.Operation(
                session,
                2,
                dev.drawbridge.core.model.Action.READ,
                "SELECT",
                java.util.List.of(),
                text,
                0),
            new dev.drawbridge.core.model.Decision.Allow("g"));
    com.fasterxml.jackson.databind.JsonNode tree =
        AuditRecord.parse(CanonicalEncoding.encode(operation, new ChainLink(CHAIN, 1, null)))
            .tree();
    assertThat(tree.path("text").asText()).hasSize(CanonicalEncoding.MAX_TEXT);
    assertThat(tree.path("textLength").asLong()).isEqualTo(text.length());
    assertThat(tree.path("textSha256").asText())
        .isEqualTo(Hashes.sha256(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aLoneSurrogateBecomesAReplacementCharacterAndPairsStay() throws Exception {
    byte[] bytes =
        CanonicalEncoding.encode(failure("a\uD800b\uD83D\uDE00"), new ChainLink(CHAIN, 1, null));
    assertThat(AuditRecord.parse(bytes).tree().path("claimedAgent").asText())
        .isEqualTo("a\uFFFDb\uD83D\uDE00");
  }

  @Test
  void aNulNeverReachesARecord() throws Exception {
    byte[] bytes = CanonicalEncoding.encode(failure("mal\0lory"), new ChainLink(CHAIN, 1, null));
    assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("\\u0000");
    assertThat(AuditRecord.parse(bytes).tree().path("claimedAgent").asText())
        .isEqualTo("mal\uFFFDlory");
  }
}
