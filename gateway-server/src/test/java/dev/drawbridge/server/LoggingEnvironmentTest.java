package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LoggingEnvironmentTest {

  @Test
  void acceptsTheDocumentedValuesAndNothingElse() {
    assertThat(LoggingEnvironment.problem(Map.of())).isEmpty();
    assertThat(LoggingEnvironment.problem(Map.of("DRAWBRIDGE_LOG_FORMAT", "json"))).isEmpty();
    assertThat(LoggingEnvironment.problem(Map.of("DRAWBRIDGE_LOG_FORMAT", "text"))).isEmpty();
    assertThat(LoggingEnvironment.problem(Map.of("DRAWBRIDGE_LOG_LEVEL", "debug"))).isEmpty();

    assertThat(LoggingEnvironment.problem(Map.of("DRAWBRIDGE_LOG_FORMAT", "xml")))
        .contains("DRAWBRIDGE_LOG_FORMAT must be 'text' or 'json', not 'xml'");
    assertThat(LoggingEnvironment.problem(Map.of("DRAWBRIDGE_LOG_LEVEL", "loud")))
        .hasValueSatisfying(p -> assertThat(p).startsWith("DRAWBRIDGE_LOG_LEVEL must be one of"));
  }
}
