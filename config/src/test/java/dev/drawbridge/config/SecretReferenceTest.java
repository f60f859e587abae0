package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretReferenceTest {

  private static final String STORE =
      """
      store:
        postgres:
          url: "%s"
          username: drawbridge
          password: "%s"
      """;

  @TempDir Path dir;
  Fixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new Fixture(dir);
  }

  private static String store(String url, String password) {
    return STORE.formatted(url, password);
  }

  @Test
  void envReferenceIsResolved() throws ConfigException {
    fixture.env.put("DB_PASSWORD", "s3cret-from-env");

    PostgresStoreConfig store =
        fixture
            .load(store("jdbc:postgresql://db/audit", "${env:DB_PASSWORD}"))
            .config()
            .store()
            .postgres();

    assertThat(store.password().reveal()).isEqualTo("s3cret-from-env");
    assertThat(store.toString()).doesNotContain("s3cret-from-env");
  }

  @Test
  void missingEnvVariableNamesItAndThePath() {
    assertThat(fixture.errors(store("jdbc:postgresql://db/audit", "${env:DRAWBRIDGE_DB_PASSWORD}")))
        .containsExactly(
            "store.postgres.password: environment variable DRAWBRIDGE_DB_PASSWORD is not set");
  }

  @Test
  void fileReferenceStripsOneTrailingNewline() throws ConfigException {
    Path secret = fixture.write("secrets/db-password", "from-file\n\n");

    PostgresStoreConfig store =
        fixture
            .load(store("jdbc:postgresql://db/audit", "${file:" + secret + "}"))
            .config()
            .store()
            .postgres();

    assertThat(store.password().reveal()).isEqualTo("from-file\n");
  }

  @Test
  void relativeFileReferenceResolvesAgainstTheConfigDirectory() throws ConfigException {
    fixture.write("conf/secrets/pw", "relative-secret\r\n");
    Path config =
        fixture.write(
            "conf/drawbridge.yaml", store("jdbc:postgresql://db/audit", "${file:secrets/pw}"));

    PostgresStoreConfig store = fixture.loadFile(config).config().store().postgres();

    assertThat(store.password().reveal()).isEqualTo("relative-secret");
  }

  @Test
  void missingFileIsAnErrorNamingTheFile() {
    assertThat(fixture.errors(store("jdbc:postgresql://db/audit", "${file:secrets/none}")))
        .containsExactly(
            "store.postgres.password: file secrets/none ("
                + dir.resolve("secrets/none")
                + ") does not exist");
  }

  @Test
  void referencesMayBeEmbeddedInALongerValue() throws ConfigException {
    fixture.env.put("DB_HOST", "audit-db.internal");
    fixture.env.put("DB_PASSWORD", "pw");

    PostgresStoreConfig store =
        fixture
            .load(
                store(
                    "jdbc:postgresql://${env:DB_HOST}:5432/audit?x=$${literal}",
                    "${env:DB_PASSWORD}"))
            .config()
            .store()
            .postgres();

    assertThat(store.url())
        .isEqualTo("jdbc:postgresql://audit-db.internal:5432/audit?x=${literal}");
  }

  @Test
  void everyFailedReferenceInOneValueIsReported() {
    assertThat(fixture.errors(store("jdbc:postgresql://${env:HOST}/${env:DB}", "x")))
        .containsExactly(
            "store.postgres.url: environment variable HOST is not set",
            "store.postgres.url: environment variable DB is not set");
  }

  @Test
  void unknownSchemeAndMalformedReferencesAreErrors() {
    assertThat(fixture.errors(store("${vault:secret/db}", "${DB_PASSWORD}")))
        .containsExactly(
            "store.postgres.url: unknown reference scheme 'vault' in ${vault:secret/db};"
                + " expected ${env:NAME} or ${file:PATH}",
            "store.postgres.password: unknown reference ${DB_PASSWORD};"
                + " expected ${env:NAME} or ${file:PATH}");
    assertThat(fixture.errors(store("jdbc:postgresql://db/${env:X", "${env:1BAD}")))
        .containsExactly(
            "store.postgres.url: unterminated reference: '${' without '}'"
                + " (write '$${' for a literal '${')",
            "store.postgres.password: invalid environment variable name in ${env:1BAD}");
  }

  @Test
  void resolvedValuesNeverAppearInMessages() {
    fixture.env.put("LEAKY", "hunter2-very-secret");

    ConfigException failure =
        fixture.failure(
            fixture.write(
                "drawbridge.yaml",
                """
                connections:
                  - name: "${env:LEAKY}"
                    type: "${env:LEAKY}"
                    upstream: { host: db, port: "${env:LEAKY}", database: "x" }
                grants:
                  - id: g
                    subject: { agent: a }
                    connection: "${env:LEAKY}x"
                    allow: [ { actions: ["${env:LEAKY}"] } ]
                store:
                  postgres: { url: "${env:LEAKY}" }
                """));

    assertThat(failure.getMessage()).doesNotContain("hunter2");
    assertThat(Fixture.strings(failure.errors()))
        .contains(
            "connections[0].upstream.port: expected a number, got the value of ${env:LEAKY}",
            "grants[0].connection: unknown connection the value of ${env:LEAKY}",
            "connections[0].type: must be one of postgres, http, ssh, got the value of"
                + " ${env:LEAKY}",
            "grants[0].allow[0].actions[0]: unknown action the value of ${env:LEAKY};"
                + " expected one of connect, read, write, ddl, admin, execute, session, unknown");
  }

  @Test
  void aReferencedSingleValueTurnedIntoAListIsNotShownEither() {
    fixture.env.put("ALG", "hunter2-alg");

    ConfigException failure =
        fixture.failure(
            fixture.write(
                "drawbridge.yaml",
                "identity:\n  issuers:\n"
                    + "    - { issuer: a, jwks: \"https://idp/jwks\", audience: drawbridge, algorithms: \"${env:ALG}\" }\n"));

    assertThat(Fixture.strings(failure.errors()))
        .singleElement()
        .asString()
        .startsWith(
            "identity.issuers[0].algorithms[0]: unknown JWS algorithm the value of ${env:ALG}");
    assertThat(failure.getMessage()).doesNotContain("hunter2");
  }

  @Test
  void referenceMayFillANumber() throws ConfigException {
    fixture.env.put("PG_PORT", "6432");

    LoadedConfig loaded =
        fixture.load(Fixture.VALID_CORE.replace("port: 5432", "port: \"${env:PG_PORT}\""));

    assertThat(loaded.config().connections().getFirst().upstream().port()).isEqualTo(6432);
  }

  @Test
  void aSecretWrittenIntoTheFileIsAWarning() throws ConfigException {
    LoadedConfig loaded = fixture.load(store("jdbc:postgresql://db/audit", "plain"));

    assertThat(Fixture.strings(loaded.warnings()))
        .containsExactly(
            "store.postgres.password: a secret written into the file; reference it with"
                + " ${env:NAME} or ${file:PATH}");
  }
}
