package dev.drawbridge.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoggingAuditSinkTest {

  @Test
  void aValueCannotForgeALineOrBreakItsQuotes() {
    String forged =
        "bot\n2026-11-24T00:00:00Z INFO drawbridge.audit - session.start agent=\"admin\"";
    String field = LoggingAuditSink.field(forged);
    assertThat(field).doesNotContain("\n").contains("\\u000a").contains("agent=\\\"admin\\\"");
  }

  @Test
  void longValuesAreCapped() {
    assertThat(LoggingAuditSink.field("x".repeat(10_000))).hasSizeLessThan(300);
  }
}
