package dev.drawbridge.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AuditSinceConverterTest {

  private final Instant now = Instant.parse("2026-03-10T12:00:00Z");
  private final AuditSinceConverter since =
      new AuditSinceConverter(Clock.fixed(now, ZoneOffset.UTC));

  @Test
  void durationsCountBackFromNow() {
    assertThat(since.convert("24h")).isEqualTo(Instant.parse("2026-03-09T12:00:00Z"));
    assertThat(since.convert("7d")).isEqualTo(Instant.parse("2026-03-03T12:00:00Z"));
    assertThat(since.convert("30m")).isEqualTo(Instant.parse("2026-03-10T11:30:00Z"));
  }

  @Test
  void instantsAndDatesAreTakenAsTheySay() {
    assertThat(since.convert("2026-03-01T08:15:00Z"))
        .isEqualTo(Instant.parse("2026-03-01T08:15:00Z"));
    assertThat(since.convert("2026-03-01T08:15:00+02:00"))
        .isEqualTo(Instant.parse("2026-03-01T06:15:00Z"));
    assertThat(since.convert("2026-03-01")).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
  }

  @Test
  void anythingElseIsRefused() {
    for (String bad : new String[] {"yesterday", "2026-13-01", "-5m", ""}) {
      assertThatThrownBy(() -> since.convert(bad))
          .as(bad)
          .isInstanceOf(CommandLine.TypeConversionException.class)
          .hasMessageContaining("is neither a duration");
    }
  }
}
