package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionValidationTest {

  @TempDir Path dir;
  Fixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new Fixture(dir);
  }

  @Test
  void upstreamPortMustBeInRange() {
    assertThat(fixture.errors(Fixture.VALID_CORE.replace("port: 5432", "port: 0")))
        .containsExactly("connections[0].upstream.port: must be between 1 and 65535");
    assertThat(fixture.errors(Fixture.VALID_CORE.replace("port: 5432", "port: 65536")))
        .containsExactly("connections[0].upstream.port: must be between 1 and 65535");
  }

  @Test
  void connectTimeoutDefaultsToTenSecondsAndIsRead() throws ConfigException {
    assertThat(fixture.load(Fixture.VALID_CORE).config().connections().getFirst().upstream())
        .extracting(UpstreamConfig::connectTimeout)
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(
            fixture
                .load(
                    Fixture.VALID_CORE.replace(
                        "database: orders }", "database: orders," + " connectTimeout: 5m }"))
                .config()
                .connections()
                .getFirst()
                .upstream()
                .connectTimeout())
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(new UpstreamConfig("db", 5432, "orders", null, null).connectTimeout())
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void connectTimeoutMustBePositiveAndAtMostFiveMinutes() {
    assertThat(
            fixture.errors(
                Fixture.VALID_CORE.replace(
                    "database: orders }", "database: orders, connectTimeout: 0s }")))
        .containsExactly("connections[0].upstream.connectTimeout: must be greater than zero");
    assertThat(
            fixture.errors(
                Fixture.VALID_CORE.replace(
                    "database: orders }", "database: orders, connectTimeout: 301s }")))
        .containsExactly("connections[0].upstream.connectTimeout: must be at most 5m, got 301s");
    assertThat(
            fixture.errors(
                Fixture.VALID_CORE.replace(
                    "database: orders }", "database: orders, connectTimeout: 10 }")))
        .containsExactly(
            "connections[0].upstream.connectTimeout: expected a duration such as 500ms, 30s, 5m,"
                + " 1h, 2d or PT30S, got 10");
  }

  @Test
  void postgresConnectionNeedsADatabase() {
    assertThat(fixture.errors(Fixture.VALID_CORE.replace(", database: orders", "")))
        .containsExactly("connections[0].upstream.database: is required for a postgres connection");
  }

  @Test
  void httpConnectionNeedsNoDatabase() throws ConfigException {
    LoadedConfig loaded =
        fixture.load(
            Fixture.VALID_CORE
                .replace("type: postgres", "type: http")
                .replace(", database: orders", ""));

    assertThat(loaded.config().connections().getFirst().upstream().database()).isNull();
  }

  @Test
  void verifyFullNeedsAReadableCa() {
    assertThat(
            fixture.errors(
                Fixture.VALID_CORE.replace(
                    "database: orders }", "database: orders, tls: verify-full }")))
        .containsExactly("connections[0].upstream.ca: is required when tls is verify-full");
    assertThat(
            fixture.errors(
                Fixture.VALID_CORE.replace(
                    "database: orders }", "database: orders, tls: verify-full, ca: ca.pem }")))
        .containsExactly(
            "connections[0].upstream.ca: file " + dir.resolve("ca.pem") + " does not exist");
  }

  @Test
  void verifyFullWithCaLoads() throws ConfigException {
    fixture.write("ca.pem", "-----BEGIN CERTIFICATE-----\n");

    LoadedConfig loaded =
        fixture.load(
            Fixture.VALID_CORE.replace(
                "database: orders }", "database: orders, tls: verify-full, ca: ca.pem }"));

    UpstreamConfig upstream = loaded.config().connections().getFirst().upstream();
    assertThat(upstream.tls()).isEqualTo(UpstreamTlsMode.VERIFY_FULL);
    assertThat(upstream.ca()).isEqualTo(dir.resolve("ca.pem"));
  }

  @Test
  void connectionNamesAreUnique() {
    String second = "  - name: orders-db\n    type: http\n    upstream: { host: api, port: 443 }\n";

    assertThat(fixture.errors(Fixture.VALID_CORE.replace("grants:", second + "grants:")))
        .containsExactly(
            "connections[1].name: duplicate connection name 'orders-db' (also at"
                + " connections[0])");
  }

  @Test
  void maskingRulesNameKnownDetectorsAndWholeColumns() {
    String masking =
        """
            masking:
              - { detectors: [credt-card, email], strategy: partial }
              - { columns: [customers.email, "public.customers.", public.*.ssn], strategy: redact }
        """;

    assertThat(fixture.errors(Fixture.VALID_CORE.replace("grants:", masking + "grants:")))
        .containsExactly(
            "connections[0].masking[0].detectors[0]: unknown detector 'credt-card'; expected one"
                + " of email, credit-card, us-ssn, iban, jwt, aws-access-key, private-key; did you"
                + " mean 'credit-card'?",
            "connections[0].masking[1].columns[0]: must name a column as schema.table.column (each"
                + " part may use *), such as public.customers.email",
            "connections[0].masking[1].columns[1]: must name a column as schema.table.column (each"
                + " part may use *), such as public.customers.email");
  }

  @Test
  void maskingRulesNeedAKnownStrategyAndSomethingToMatch() {
    String masking =
        """
            masking:
              - { columns: [public.customers.email], strategy: emial }
              - { strategy: redact }
              - { detectors: [credit-card], strategy: scramble }
              - { columns: [public.customers.ssn] }
        """;

    assertThat(fixture.errors(Fixture.VALID_CORE.replace("grants:", masking + "grants:")))
        .containsExactly(
            "connections[0].masking[3].strategy: is required",
            "connections[0].masking[0].strategy: must be one of redact, partial, email, hash,"
                + " null, got 'emial'; did you mean 'email'?",
            "connections[0].masking[1]: a masking rule needs columns or detectors (or both)",
            "connections[0].masking[2].strategy: must be one of redact, partial, email, hash,"
                + " null, got 'scramble'");
  }

  @Test
  void theHashStrategyNeedsAMaskingKeyOfAtLeast32Bytes() throws ConfigException {
    String masking =
        """
            masking:
              - { columns: [public.customers.email], strategy: email }
              - { columns: [public.customers.ssn], strategy: hash }
        """;
    String config = Fixture.VALID_CORE.replace("grants:", masking + "grants:");

    assertThat(fixture.errors(config))
        .containsExactly(
            "gateway.maskingKey: is required because connections[0].masking[1] uses the hash"
                + " strategy (a secret of at least 32 bytes, such as"
                + " \"${env:DRAWBRIDGE_MASKING_KEY}\" from openssl rand -base64 48)");
    fixture.env.put("KEY", "too-short");
    assertThat(fixture.errors("gateway: { maskingKey: \"${env:KEY}\" }\n" + config))
        .containsExactly("gateway.maskingKey: must be at least 32 bytes long");
    fixture.env.put("KEY", "k".repeat(32));
    assertThat(
            fixture
                .load("gateway: { maskingKey: \"${env:KEY}\" }\n" + config)
                .config()
                .gateway()
                .maskingKey()
                .reveal())
        .hasSize(32);
  }

  @Test
  void maskingRulesBind() throws ConfigException {
    String masking =
        """
            masking:
              - { columns: public.customers.email, strategy: email }
              - { detectors: [credit-card, us-ssn], strategy: partial }
        """;

    ConnectionConfig orders =
        fixture
            .load(Fixture.VALID_CORE.replace("grants:", masking + "grants:"))
            .config()
            .connections()
            .getFirst();

    assertThat(orders.masking()).hasSize(2);
    assertThat(orders.masking().get(0).columns()).containsExactly("public.customers.email");
    assertThat(orders.masking().get(1).detectors()).containsExactly("credit-card", "us-ssn");
  }

  @Test
  void storeUrlMustBeAPostgresJdbcUrlAndIsNeverQuoted() {
    ConfigException failure =
        fixture.failure(
            fixture.write(
                "drawbridge.yaml",
                "store:\n  postgres: { url: \"postgresql://u:pw-in-url@db/audit\" }\n"));

    assertThat(Fixture.strings(failure.errors()))
        .containsExactly(
            "store.postgres.url: must be a PostgreSQL JDBC URL starting with jdbc:postgresql:,"
                + " such as jdbc:postgresql://audit-db:5432/drawbridge");
    assertThat(failure.getMessage()).doesNotContain("pw-in-url");
  }
}
