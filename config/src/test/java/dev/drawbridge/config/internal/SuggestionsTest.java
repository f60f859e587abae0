package dev.drawbridge.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

  private static final List<String> KEYS = List.of("postgres", "http", "ssh");

  @Test
  void suggestsCloseNamesIncludingSwapsAndCase() {
    assertThat(Suggestions.nearest("postgress", KEYS)).contains("postgres");
    assertThat(Suggestions.nearest("psotgres", KEYS)).contains("postgres");
    assertThat(Suggestions.nearest("HTTP", KEYS)).contains("http");
  }

  @Test
  void staysQuietWhenNothingIsClose() {
    assertThat(Suggestions.nearest("mysql", KEYS)).isEmpty();
    assertThat(Suggestions.nearest("x", List.of())).isEmpty();
    assertThat(Suggestions.didYouMean("ftp", List.of("ssh"))).isEmpty();
  }

  @Test
  void distanceCountsEdits() {
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggestions.distance("ab", "ba")).isEqualTo(1);
    assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
  }
}
