package dev.drawbridge.postgres.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StartupParametersTest {

  @Test
  void whatClientsLegitimatelySetIsForwardedAndUserAndDatabaseAreTheGateways() {
    Map<String, String> sent = new LinkedHashMap<>();
    sent.put("user", "bot");
    sent.put("database", "orders-db");
    sent.put("client_encoding", "UTF8");
    sent.put("DateStyle", "ISO");
    sent.put("TimeZone", "UTC");
    sent.put("extra_float_digits", "2");
    sent.put("application_name", "pgbench");

    assertThat(StartupParameters.filter(sent))
        .isInstanceOfSatisfying(
            StartupParameters.Forward.class,
            forward ->
                assertThat(forward.parameters())
                    .containsExactly(
                        Map.entry("client_encoding", "UTF8"),
                        Map.entry("DateStyle", "ISO"),
                        Map.entry("TimeZone", "UTC"),
                        Map.entry("extra_float_digits", "2"),
                        Map.entry("application_name", "pgbench")));
  }

  @Test
  void settingsThatWouldMakeStatementsUnreadableAreRefused() {
    assertThat(StartupParameters.filter(Map.of("client_encoding", "SJIS")))
        .isInstanceOf(StartupParameters.Refuse.class);
    assertThat(StartupParameters.filter(Map.of("client_encoding", "Shift_JIS_2004")))
        .isInstanceOf(StartupParameters.Refuse.class);
    assertThat(StartupParameters.filter(Map.of("client_encoding", "UTF8")))
        .isInstanceOf(StartupParameters.Forward.class);
    assertThat(StartupParameters.filter(Map.of("search_path", "evil, pg_catalog")))
        .isInstanceOf(StartupParameters.Refuse.class);
    assertThat(StartupParameters.filter(Map.of("search_path", "pg_catalog, public")))
        .isInstanceOf(StartupParameters.Forward.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "options",
        "replication",
        "role",
        "session_authorization",
        "Role",
        "work_mem",
        "_pq_.x"
      })
  void anythingElseIsRefusedWithAReason(String name) {
    assertThat(StartupParameters.filter(Map.of("user", "bot", name, "x")))
        .isInstanceOfSatisfying(
            StartupParameters.Refuse.class,
            refuse -> {
              assertThat(refuse.name()).isEqualTo(name);
              assertThat(refuse.why()).isNotBlank();
            });
  }
}
