package dev.drawbridge.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationParserTest {

  @Test
  void readsShortForms() {
    assertThat(DurationParser.parse("500ms")).contains(Duration.ofMillis(500));
    assertThat(DurationParser.parse("30s")).contains(Duration.ofSeconds(30));
    assertThat(DurationParser.parse("5m")).contains(Duration.ofMinutes(5));
    assertThat(DurationParser.parse("1h")).contains(Duration.ofHours(1));
    assertThat(DurationParser.parse("2d")).contains(Duration.ofDays(2));
    assertThat(DurationParser.parse("0s")).contains(Duration.ZERO);
  }

  @Test
  void readsIso8601() {
    assertThat(DurationParser.parse("PT30S")).contains(Duration.ofSeconds(30));
    assertThat(DurationParser.parse("P1DT2H")).contains(Duration.ofHours(26));
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "5 m", "1w", "-5s", "PT-5S", "P", "soon", "", "1.5h"})
  void rejectsEverythingElse(String text) {
    assertThat(DurationParser.parse(text)).isEmpty();
  }
}
