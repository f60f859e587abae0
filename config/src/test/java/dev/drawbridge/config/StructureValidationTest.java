package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StructureValidationTest {

  @TempDir Path dir;
  Fixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new Fixture(dir);
  }

  @Test
  void unknownKeySuggestsTheNearestValidOne() {
    assertThat(fixture.errors("listeners:\n  postgress: { bind: \"127.0.0.1:0\" }\n"))
        .containsExactly("listeners.postgress: unknown key; did you mean 'postgres'?");
    assertThat(fixture.errors("identity:\n  issuers:\n    - { issuer: x, hmacsecret: y }\n"))
        .contains("identity.issuers[0].hmacsecret: unknown key; did you mean 'hmacSecret'?");
  }

  @Test
  void unknownKeyFarFromAnyValidOneListsThem() {
    assertThat(fixture.errors("frobnicate: true\n"))
        .containsExactly(
            "frobnicate: unknown key; expected one of gateway, listeners, admin, identity,"
                + " connections, grants, audit, store, approvals");
  }

  @Test
  void wrongTypesAreReportedWithTheirPath() {
    assertThat(
            fixture.errors(
                """
                gateway: [a, b]
                admin: { bind: 8081 }
                connections:
                  - name: { a: b }
                    type: postgres
                    upstream: { host: db, port: 5432.5, database: orders }
                  - "orders-db"
                grants:
                  - id: g
                    subject: { agent: a }
                    connection: x
                    allow: { actions: [read] }
                """))
        .containsExactly(
            "gateway: expected a mapping (key: value), got a list",
            "admin.bind: expected host:port such as 127.0.0.1:8081, got 8081",
            "connections[0].name: expected a string, got a mapping",
            "connections[0].upstream.port: expected a whole number, got 5432.5",
            "connections[1]: expected a mapping (key: value), got \"orders-db\"",
            "grants[0].allow: expected a list, got a mapping",
            "grants[0].connection: unknown connection 'x'");
  }

  @Test
  void requiredKeysAreReported() {
    assertThat(
            fixture.errors(
                """
                connections:
                  - upstream: {}
                grants:
                  - allow: [ { actions: [read] } ]
                """))
        .containsExactly(
            "connections[0].upstream.host: is required",
            "connections[0].upstream.port: is required",
            "connections[0].name: is required",
            "connections[0].type: is required",
            "grants[0].id: is required",
            "grants[0].subject: is required",
            "grants[0].connection: is required");
  }

  @Test
  void enumValuesSuggestTheNearestName() {
    assertThat(
            fixture.errors(
                Fixture.VALID_CORE
                    .replace("type: postgres", "type: postgress")
                    .replace("database: orders }", "database: orders, tls: verify_full }")))
        .containsExactly(
            "connections[0].type: must be one of postgres, http, ssh, got \"postgress\";"
                + " did you mean 'postgres'?",
            "connections[0].upstream.tls: must be one of disable, prefer, require, verify-full,"
                + " got \"verify_full\"; did you mean 'verify-full'?");
  }

  @Test
  void aSingleValueIsAcceptedWhereAListIsExpected() throws ConfigException {
    LoadedConfig loaded =
        fixture.load(
            "identity:\n  issuers:\n    - { issuer: drawbridge, jwks: \"https://idp/jwks\","
                + " audience: drawbridge }\n");

    assertThat(loaded.config().identity().issuers().getFirst().audience())
        .containsExactly("drawbridge");
  }

  @ParameterizedTest
  @CsvSource({"500ms, PT0.5S", "30s, PT30S", "5m, PT5M", "1h, PT1H", "2d, PT48H", "PT45S, PT45S"})
  void durationsAcceptShortAndIsoForms(String written, String expected) throws ConfigException {
    LoadedConfig loaded = fixture.load("gateway: { shutdownTimeout: " + written + " }\n");

    assertThat(loaded.config().gateway().shutdownTimeout()).isEqualTo(Duration.parse(expected));
  }

  @Test
  void malformedDurationsAndDatesAreErrors() {
    assertThat(
            fixture.errors(
                "gateway: { shutdownTimeout: 30 }\nidentity: { clockSkew: 5 minutes }\n"
                    + Fixture.VALID_CORE
                    + "    expires: 31.03.2027\n"))
        .containsExactly(
            "gateway.shutdownTimeout: expected a duration such as 500ms, 30s, 5m, 1h, 2d or"
                + " PT30S, got 30",
            "identity.clockSkew: expected a duration such as 500ms, 30s, 5m, 1h, 2d or PT30S,"
                + " got \"5 minutes\"",
            "grants[0].expires: expected a date such as 2027-03-31, got \"31.03.2027\"");
  }

  @Test
  void bindAddressesAreChecked() {
    assertThat(
            fixture.errors(
                """
                listeners:
                  http: { bind: "0.0.0.0:70000" }
                  ssh: { bind: "::1:2222" }
                admin: { bind: ":8081" }
                """))
        .containsExactly(
            "listeners.http.bind: the port must be a number between 0 and 65535, got"
                + " \"0.0.0.0:70000\"",
            "listeners.ssh.bind: an IPv6 host must be in brackets, as in [::1]:8081, got"
                + " \"::1:2222\"",
            "admin.bind: expected host:port such as 127.0.0.1:8081, got \":8081\"");
  }

  @Test
  void bindAddressMayUsePortZeroAndIpv6() throws ConfigException {
    LoadedConfig loaded = fixture.load("listeners:\n  http: { bind: \"[::1]:0\" }\nadmin: {}\n");

    assertThat(loaded.config().listeners().http().bind()).isEqualTo(new BindAddress("::1", 0));
    assertThat(loaded.config().admin().bind()).isEqualTo(AdminConfig.DEFAULT_BIND);
  }

  @Test
  void relativePathsResolveAgainstTheConfigDirectory() throws ConfigException {
    Path file = fixture.write("etc/drawbridge.yaml", "audit: { journal: ./data/journal }\n");

    assertThat(fixture.loadFile(file).config().audit().journal())
        .isEqualTo(dir.resolve("etc/data/journal"));
  }

  @Test
  void elementsAfterARejectedOneKeepTheirPaths() {
    assertThat(
            fixture.errors(
                """
                connections:
                  - "not a mapping"
                  - name: orders-db
                    type: postgres
                    upstream: { host: db, port: 5432 }
                grants:
                  - id: g
                    subject: { agent: a }
                    connection: orders-db
                    allow: [ { actions: [ [read], reed ] } ]
                """))
        .containsExactly(
            "connections[0]: expected a mapping (key: value), got \"not a mapping\"",
            "grants[0].allow[0].actions[0]: expected a string, got a list",
            "connections[1].upstream.database: is required for a postgres connection",
            "grants[0].allow[0].actions[1]: unknown action 'reed'; did you mean 'read'?");
  }

  @Test
  void badValueInAListDoesNotHideOtherProblems() {
    assertThat(
            fixture.errors(
                Fixture.VALID_CORE.replace("actions: [read]", "actions: [read, {x: 1}]")
                    + "  - id: g1\n    subject: { agent: b }\n    connection: orders-db\n"
                    + "    deny: [ { actions: [write] } ]\n"))
        .containsExactly(
            "grants[0].allow[0].actions[1]: expected a string, got a mapping",
            "grants[1].id: duplicate grant id 'g1' (also at grants[0])");
  }
}
