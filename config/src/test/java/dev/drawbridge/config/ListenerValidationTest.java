package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListenerValidationTest {

  @TempDir Path dir;
  Fixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new Fixture(dir);
  }

  @Test
  void postgresListenerWithoutTlsNeedsAllowPlaintext() {
    assertThat(fixture.errors("listeners:\n  postgres: { bind: \"127.0.0.1:15432\" }\n"))
        .containsExactly(
            "listeners.postgres.tls: is required unless allowPlaintext is true (plaintext is meant"
                + " for loopback and tests)");
    assertThat(
            fixture.errors(
                "listeners:\n  postgres: { bind: \"127.0.0.1:15432\", allowPlaintext: false }\n"))
        .containsExactly(
            "listeners.postgres.tls: is required unless allowPlaintext is true (plaintext is meant"
                + " for loopback and tests)");
  }

  @Test
  void plaintextOnLoopbackIsAccepted() throws ConfigException {
    LoadedConfig loaded =
        fixture.load("listeners:\n  postgres: { bind: \"127.0.0.1:0\", allowPlaintext: true }\n");

    assertThat(loaded.config().listeners().postgres().allowPlaintext()).isTrue();
    assertThat(loaded.warnings()).isEmpty();
  }

  @Test
  void plaintextOnAPublicAddressIsAWarning() throws ConfigException {
    LoadedConfig loaded =
        fixture.load("listeners:\n  postgres: { bind: \"0.0.0.0:15432\", allowPlaintext: true }\n");

    assertThat(Fixture.strings(loaded.warnings()))
        .containsExactly(
            "listeners.postgres.allowPlaintext: plaintext accepted on 0.0.0.0:15432, which is"
                + " not a loopback address; agents' tokens cross the network unencrypted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost:0", "127.0.0.2:0", "[::1]:0"})
  void everyLoopbackSpellingIsQuietAboutPlaintext(String bind) throws ConfigException {
    LoadedConfig loaded =
        fixture.load("listeners:\n  postgres: { bind: \"" + bind + "\", allowPlaintext: true }\n");

    assertThat(loaded.warnings()).isEmpty();
  }

  @Test
  void plaintextBesideTlsOnAPublicAddressIsStillAWarning() throws ConfigException {
    fixture.write("tls/server.crt", "cert");
    fixture.write("tls/server.key", "key");

    LoadedConfig loaded =
        fixture.load(
            "listeners:\n  postgres:\n    bind: \"10.0.0.5:15432\"\n    allowPlaintext: true\n"
                + "    tls: { cert: tls/server.crt, key: tls/server.key }\n");

    assertThat(Fixture.strings(loaded.warnings()))
        .containsExactly(
            "listeners.postgres.allowPlaintext: plaintext accepted on 10.0.0.5:15432, which is"
                + " not a loopback address; agents' tokens cross the network unencrypted");
  }

  @Test
  void tlsFilesMustExist() {
    Path cert = fixture.write("tls/server.crt", "-----BEGIN CERTIFICATE-----\n");

    assertThat(
            fixture.errors(
                """
                listeners:
                  postgres:
                    bind: "0.0.0.0:15432"
                    tls: { cert: tls/server.crt, key: tls/server.key }
                  http:
                    bind: "0.0.0.0:18080"
                    tls: { cert: tls, key: tls/server.crt }
                """))
        .containsExactly(
            "listeners.postgres.tls.key: file " + dir.resolve("tls/server.key") + " does not exist",
            "listeners.http.tls.cert: " + dir.resolve("tls") + " is not a regular file");
    assertThat(cert).exists();
  }

  @Test
  void fileNamedByAReferenceIsNotShown() {
    fixture.env.put("TLS_KEY", "/run/secrets/hidden-name.key");
    fixture.write("tls/server.crt", "cert");

    assertThat(
            fixture.errors(
                "listeners:\n  http:\n    bind: \"0.0.0.0:18080\"\n"
                    + "    tls: { cert: tls/server.crt, key: \"${env:TLS_KEY}\" }\n"))
        .containsExactly("listeners.http.tls.key: file the value of ${env:TLS_KEY} does not exist");
  }

  @Test
  void tlsWithReadableFilesLoads() throws ConfigException {
    fixture.write("tls/server.crt", "cert");
    fixture.write("tls/server.key", "key");

    LoadedConfig loaded =
        fixture.load(
            "listeners:\n  postgres:\n    bind: \"0.0.0.0:15432\"\n"
                + "    tls: { cert: tls/server.crt, key: tls/server.key }\n");

    assertThat(loaded.config().listeners().postgres().tls().key())
        .isEqualTo(dir.resolve("tls/server.key"));
  }

  @Test
  void twoListenersOnOnePortClash() {
    assertThat(
            fixture.errors(
                """
                listeners:
                  http: { bind: "0.0.0.0:8081" }
                  ssh: { bind: "127.0.0.1:0" }
                admin: { bind: "127.0.0.1:8081" }
                """))
        .containsExactly("admin.bind: port 8081 is already used by listeners.http.bind");
  }
}
