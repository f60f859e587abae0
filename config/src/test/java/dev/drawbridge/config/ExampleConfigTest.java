package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example the quickstart runs must load cleanly. */
class ExampleConfigTest {

  private static final Path EXAMPLE =
      Path.of(System.getProperty("basedir", "."), "..", "examples", "drawbridge.yaml");

  private static final Map<String, String> ENV =
      Map.of(
          "DRAWBRIDGE_TOKEN_SECRET", "quickstart-secret-quickstart-secret-0123456789",
          "ORDERS_DB_PASSWORD", "postgres");

  @Test
  void exampleLoadsWithoutErrorsOrWarnings() throws ConfigException {
    LoadedConfig loaded = ConfigLoader.load(EXAMPLE, Environment.of(ENV), Fixture.CLOCK);

    DrawbridgeConfig config = loaded.config();
    assertThat(loaded.warnings()).isEmpty();
    PostgresListenerConfig postgres = config.listeners().postgresListener().orElseThrow();
    assertThat(postgres.bind()).isEqualTo(new BindAddress("127.0.0.1", 15432));
    assertThat(postgres.allowPlaintext()).isTrue();
    assertThat(config.listeners().httpListener()).isEmpty();
    assertThat(config.admin().bind()).isEqualTo(new BindAddress("127.0.0.1", 8081));
    IssuerConfig issuer = config.identity().issuers().getFirst();
    assertThat(issuer.hmacSecret().reveal()).isEqualTo(ENV.get("DRAWBRIDGE_TOKEN_SECRET"));
    assertThat(issuer.audience()).containsExactly("drawbridge");
    ConnectionConfig orders = config.connection("orders-db").orElseThrow();
    assertThat(orders.upstream().database()).isEqualTo("postgres");
    assertThat(orders.credential().password().reveal()).isEqualTo("postgres");
    assertThat(config.grants()).extracting(GrantConfig::id).hasSize(2);
    assertThat(config.audit().journal())
        .isAbsolute()
        .endsWithRaw(Path.of("examples", "data", "journal"));
  }

  @Test
  void exampleDemoKeyMatchesItsDocumentedHash() throws Exception {
    LoadedConfig loaded = ConfigLoader.load(EXAMPLE, Environment.of(ENV), Fixture.CLOCK);
    byte[] digest =
        MessageDigest.getInstance("SHA-256")
            .digest("demo-agent-key-do-not-use-in-production".getBytes(StandardCharsets.UTF_8));

    assertThat(loaded.config().identity().agents().getFirst().keySha256())
        .isEqualTo(HexFormat.of().formatHex(digest));
  }

  @Test
  void exampleWithoutItsEnvironmentNamesEveryMissingVariable() {
    ConfigException failure =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.load(EXAMPLE, Environment.of(Map.of()), Fixture.CLOCK));

    assertThat(Fixture.strings(failure.errors()))
        .containsExactly(
            "identity.issuers[0].hmacSecret: environment variable DRAWBRIDGE_TOKEN_SECRET is not"
                + " set",
            "connections[0].credential.password: environment variable ORDERS_DB_PASSWORD is not"
                + " set");
  }
}
