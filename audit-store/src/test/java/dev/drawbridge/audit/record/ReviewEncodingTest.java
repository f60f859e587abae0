package dev.drawbridge.audit.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.core.model.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The canonical records of access review decisions, byte for byte. */
class ReviewEncodingTest {

  private static final UUID CHAIN = UUID.fromString("01a20efc-dbd9-7000-a62a-e1d5ed007b75");
  private static final UUID ID = UUID.fromString("01a20efc-dbdb-7000-bb9e-c54c935ffc04");
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

  @Test
  void aNarrowingCarriesTheRulesFromNowOn() {
    assertThat(
            encoded(
                new AuditEvent.ReviewDecided(
                    ID,
                    TIME,
                    "Q4",
                    "orders-read",
                    "report-bot",
                    "orders-db",
                    "file",
                    "narrow",
                    "rita@example.com",
                    "unused tables",
                    "patch",
                    List.of(new RuleConfig(List.of("read"), List.of("public.orders"), List.of())),
                    null)))
        .isEqualTo(
            ENVELOPE
                + "\"type\":\"review.decided\",\"campaign\":\"Q4\",\"grant\":\"orders-read\","
                + "\"agent\":\"report-bot\",\"connection\":\"orders-db\",\"kind\":\"file\","
                + "\"decision\":\"narrow\",\"reviewer\":\"rita@example.com\","
                + "\"reason\":\"unused tables\",\"applied\":\"patch\",\"allow\":[{\"actions\":"
                + "[\"read\"],\"tables\":[\"public.orders\"],\"columns\":[]}]}");
  }

  @Test
  void anExtensionCarriesTheNewEndAndAGroupGrantNoAgent() {
    assertThat(
            encoded(
                new AuditEvent.ReviewDecided(
                    ID,
                    TIME,
                    "Q4",
                    "jit-ap-1",
                    null,
                    "orders-db",
                    "temporary",
                    "extend",
                    "rita@example.com",
                    null,
                    "in-force",
                    List.of(),
                    Instant.parse("2027-01-01T00:00:00Z"))))
        .isEqualTo(
            ENVELOPE
                + "\"type\":\"review.decided\",\"campaign\":\"Q4\",\"grant\":\"jit-ap-1\","
                + "\"agent\":null,\"connection\":\"orders-db\",\"kind\":\"temporary\","
                + "\"decision\":\"extend\",\"reviewer\":\"rita@example.com\",\"reason\":\"\","
                + "\"applied\":\"in-force\",\"until\":\"2027-01-01T00:00:00.000000Z\"}");
  }
}
