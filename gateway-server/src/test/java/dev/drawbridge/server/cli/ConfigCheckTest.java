package dev.drawbridge.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {

  @TempDir Path dir;

  @Test
  void aValidFileExitsZeroWithASummary() throws Exception {
    Path secret =
        Files.writeString(dir.resolve("token.secret"), "0123456789abcdef0123456789abcdef\n");
    Path db = Files.writeString(dir.resolve("db.password"), "db-secret-value");
    Path config =
        Files.writeString(
            dir.resolve("ok.yaml"),
            """
            gateway: { name: check-test }
            admin: { bind: "127.0.0.1:8081" }
            identity:
              issuers:
                - { issuer: drawbridge, hmacSecret: "${file:%s}" }
            connections:
              - name: orders-db
                type: postgres
                upstream: { host: db.internal, port: 5432, database: orders }
                credential: { username: app_ro, password: "${file:%s}" }
            grants:
              - id: support-orders-read
                subject: { agent: support-bot }
                connection: orders-db
                allow: [ { actions: [read], tables: ["public.orders"] } ]
                owner: alice@example.com
                reason: SEC-1234
                expires: 2099-03-31
            """
                .formatted(secret, db));

    Cli.Result result = Cli.run("config", "check", "--config", config.toString());

    assertThat(result.exit()).isZero();
    assertThat(result.out())
        .contains(config + ": valid")
        .contains("gateway      check-test")
        .contains("admin        127.0.0.1:8081")
        .contains("orders-db  postgres db.internal:5432/orders")
        .contains("support-orders-read  agent support-bot -> orders-db, expires 2099-03-31")
        .doesNotContain("db-secret-value")
        .doesNotContain("0123456789abcdef");
  }

  @Test
  void anInvalidFileExitsTwoWithEveryProblem() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("bad.yaml"),
            """
            listners: {}
            connections:
              - name: a
                type: postgres
                upstream: { host: h, port: 70000, database: d }
              - name: a
                type: postgres
                upstream: { host: h, port: 5432, database: d }
            grants:
              - id: g
                subject: { agent: x }
                connection: nowhere
                allow: [ { actions: [read] } ]
            """);

    Cli.Result result = Cli.run("config", "check", "--config", config.toString());

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err())
        .contains("listners")
        .contains("did you mean 'listeners'")
        .contains("connections[0].upstream.port")
        .contains("connections[1].name")
        .contains("grants[0].connection");
    assertThat(result.out()).doesNotContain("valid");
  }

  @Test
  void aMissingSecretReferenceIsNamed() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("ref.yaml"),
            """
            identity:
              issuers:
                - { issuer: drawbridge, hmacSecret: "${env:DRAWBRIDGE_CHECK_TEST_UNSET_VARIABLE}" }
            """);

    Cli.Result result = Cli.run("config", "check", "--config", config.toString());

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("DRAWBRIDGE_CHECK_TEST_UNSET_VARIABLE");
  }

  @Test
  void whatTheAuthenticatorWouldRefuseAtStartFailsTheCheckToo() throws Exception {
    Path jwks = Files.writeString(dir.resolve("jwks.json"), "{\"not\": \"a key set\"}");
    Path config =
        Files.writeString(
            dir.resolve("jwks.yaml"),
            """
            identity:
              issuers:
                - { issuer: "https://idp.example.com", jwks: "%s", audience: drawbridge }
            """
                .formatted(jwks));

    Cli.Result result = Cli.run("config", "check", "--config", config.toString());

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("error: ").contains("https://idp.example.com");
    assertThat(result.out()).doesNotContain("valid");
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] command :
        new String[][] {
          {"--help"},
          {"serve", "--help"},
          {"config", "--help"},
          {"config", "check", "--help"},
          {"token", "--help"},
          {"token", "mint", "--help"},
          {"version", "--help"}
        }) {
      Cli.Result result = Cli.run(command);
      assertThat(result.exit()).as(String.join(" ", command)).isZero();
      assertThat(result.out()).as(String.join(" ", command)).startsWith("Usage: drawbridge");
    }
  }

  @Test
  void versionPrintsTheBuildVersion() {
    Cli.Result result = Cli.run("version");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).startsWith("drawbridge ").contains("Java 25");
  }
}
