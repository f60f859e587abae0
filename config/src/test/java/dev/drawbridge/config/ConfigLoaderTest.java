package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;
  Fixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new Fixture(dir);
  }

  @Test
  void loadsYamlIntoTheRecords() throws ConfigException {
    LoadedConfig loaded =
        fixture.load("gateway: { name: eu-1, shutdownTimeout: 45s }\n" + Fixture.VALID_CORE);

    DrawbridgeConfig config = loaded.config();
    assertThat(config.gateway().name()).isEqualTo("eu-1");
    assertThat(config.gateway().shutdownTimeout()).isEqualTo(Duration.ofSeconds(45));
    ConnectionConfig orders = config.connection("orders-db").orElseThrow();
    assertThat(orders.type()).isEqualTo(ConnectionType.POSTGRES);
    assertThat(orders.upstream().port()).isEqualTo(5432);
    assertThat(orders.upstream().tls()).isEqualTo(UpstreamTlsMode.PREFER);
    assertThat(config.grants().getFirst().allow().getFirst().actions()).containsExactly("read");
    assertThat(loaded.warnings()).isEmpty();
  }

  @Test
  void loadsJsonByExtension() throws ConfigException {
    Path file =
        fixture.write(
            "drawbridge.json",
            """
            {"gateway": {"name": "json-gw"},
             "connections": [{"name": "api", "type": "http",
                              "upstream": {"host": "api.internal", "port": 443}}],
             "grants": [{"id": "g", "subject": {"group": "ops"}, "connection": "api",
                         "allow": [{"actions": ["read"]}], "expires": "2027-01-31"}]}
            """);

    DrawbridgeConfig config = fixture.loadFile(file).config();

    assertThat(config.gateway().name()).isEqualTo("json-gw");
    assertThat(config.connections().getFirst().type()).isEqualTo(ConnectionType.HTTP);
    assertThat(config.grants().getFirst().expires()).isEqualTo(LocalDate.of(2027, 1, 31));
  }

  @Test
  void jsonFileWithYamlSyntaxIsAParseErrorWithLineAndColumn() {
    Path file = fixture.write("drawbridge.json", "{\n  \"gateway\": {name: x}\n}\n");

    assertThat(Fixture.strings(fixture.failure(file).problems()))
        .singleElement()
        .asString()
        .startsWith(file + ": line 2, column ");
  }

  @Test
  void unknownExtensionIsReadAsYaml() throws ConfigException {
    Path file = fixture.write("drawbridge.conf", "gateway:\n  name: conf\n");

    assertThat(fixture.loadFile(file).config().gateway().name()).isEqualTo("conf");
  }

  @Test
  void yamlSyntaxErrorIsOneLineWithTheProblemsLineAndColumn() {
    Path file = fixture.write("bad.yaml", "gateway:\n  name: x\n   broken: [\n");
    Path flow = fixture.write("flow.yaml", "gateway: {name: \"x\"\nlisteners: 3\n");

    assertThat(Fixture.strings(fixture.failure(file).problems()))
        .containsExactly(file + ": line 3, column 10: mapping values are not allowed here");
    assertThat(Fixture.strings(fixture.failure(flow).problems()))
        .containsExactly(
            flow
                + ": line 2, column 1: while parsing a flow mapping; expected ',' or '}', but got"
                + " <scalar>");
  }

  @Test
  void duplicateKeysAreRejected() {
    Path file = fixture.write("dup.yaml", "gateway:\n  name: a\n  name: b\n");

    assertThat(Fixture.strings(fixture.failure(file).problems()))
        .singleElement()
        .asString()
        .contains("line 3")
        .contains("Duplicate field 'name'");
  }

  @Test
  void missingFileIsOneProblemNamingIt() {
    Path file = dir.resolve("nope.yaml");

    assertThat(Fixture.strings(fixture.failure(file).problems()))
        .containsExactly(file + ": file does not exist");
  }

  @Test
  void emptyFileAndNonMappingTopLevelAreErrors() {
    assertThat(fixture.problems("# nothing but a comment\n"))
        .containsExactly(dir.resolve("drawbridge.yaml") + ": file is empty");
    assertThat(fixture.problems("- a\n- b\n"))
        .singleElement()
        .asString()
        .endsWith("expected a mapping of sections (gateway, listeners, …) at the top");
  }

  @Test
  void reportsEveryMistakeAtOnce() {
    fixture.env.put("SHORT", "too-short");
    ConfigException failure =
        fixture.failure(
            fixture.write(
                "drawbridge.yaml",
                """
                gateway: { nmae: x }
                listeners:
                  postgress: { bind: "0.0.0.0:15432" }
                identity:
                  issuers:
                    - { issuer: drawbridge, hmacSecret: "${env:SHORT}" }
                connections:
                  - name: orders-db
                    type: postgres
                    upstream: { host: db, port: abc, database: orders }
                  - name: orders-db
                    type: postgres
                    upstream: { host: db, port: 70000 }
                grants:
                  - id: g1
                    subject: { agent: bot, group: ops }
                    connection: billing
                    allow: [ { actions: [reed] } ]
                  - id: g2
                    subject: { agent: bot }
                    connection: orders-db
                    expires: 2026-01-31
                store:
                  postgres: { url: "postgres://db/audit", password: "${env:DB_PASSWORD}" }
                """));

    assertThat(Fixture.strings(failure.errors()))
        .containsExactlyInAnyOrder(
            "store.postgres.password: environment variable DB_PASSWORD is not set",
            "gateway.nmae: unknown key; did you mean 'name'?",
            "listeners.postgress: unknown key; did you mean 'postgres'?",
            "connections[0].upstream.port: expected a number, got \"abc\"",
            "identity.issuers[0].hmacSecret: must be at least 32 bytes; generate one with"
                + " openssl rand -base64 48",
            "connections[1].name: duplicate connection name 'orders-db' (also at connections[0])",
            "connections[1].upstream.port: must be between 1 and 65535",
            "connections[1].upstream.database: is required for a postgres connection",
            "grants[0].subject: set exactly one of agent or group, not both",
            "grants[0].connection: unknown connection 'billing'; configured connections:"
                + " orders-db",
            "grants[0].allow[0].actions[0]: unknown action 'reed'; did you mean 'read'?",
            "grants[1]: grant 'g2' has no allow, review or deny rules; it grants nothing",
            "store.postgres.url: must be a PostgreSQL JDBC URL starting with jdbc:postgresql:,"
                + " such as jdbc:postgresql://audit-db:5432/drawbridge");
    assertThat(Fixture.strings(failure.problems()))
        .contains(
            "grants[1].expires: grant 'g2' expired on 2026-01-31; it grants nothing until renewed");
    assertThat(failure.getMessage())
        .startsWith(
            "invalid configuration " + dir.resolve("drawbridge.yaml") + " (13 errors, 1 warning)")
        .contains("  error: gateway.nmae: unknown key; did you mean 'name'?")
        .contains("  warning: grants[1].expires: grant 'g2' expired");
  }

  @Test
  void problemPrintsAsPathColonMessage() {
    assertThat(
            ConfigProblem.error("connections[1].upstream.port", "must be between 1 and 65535")
                .toString())
        .isEqualTo("connections[1].upstream.port: must be between 1 and 65535");
  }
}
