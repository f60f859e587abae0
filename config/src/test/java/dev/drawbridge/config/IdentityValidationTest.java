package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityValidationTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private static final String HASH =
      "c9aaf44e7286f47a7358f3b331cb76dfe7a6f76f26f753a36aca7c8b4dfa91d2";

  @TempDir Path dir;
  Fixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new Fixture(dir);
    fixture.env.put("SECRET", SECRET);
    fixture.env.put("SHORT", "31-bytes-is-one-byte-too-short!");
  }

  private List<String> issuers(String... lines) {
    return fixture.errors("identity:\n  issuers:\n" + String.join("", lines));
  }

  @Test
  void validIssuersLoadWithDefaults() throws ConfigException {
    LoadedConfig loaded =
        fixture.load(
            """
            identity:
              issuers:
                - { issuer: drawbridge, hmacSecret: "${env:SECRET}" }
                - { issuer: "https://idp.example.com", jwks: "https://idp.example.com/jwks", audience: drawbridge }
            """);

    IssuerConfig hmac = loaded.config().identity().issuers().get(0);
    assertThat(hmac.hmacSecret().reveal()).isEqualTo(SECRET);
    assertThat(hmac.algorithms()).containsExactly("HS256");
    assertThat(loaded.config().identity().issuers().get(1).algorithms())
        .containsExactly("RS256", "ES256", "EdDSA");
  }

  @Test
  void issuerNeedsExactlyOneKeySource() {
    assertThat(
            issuers(
                "    - { issuer: a }\n",
                "    - { issuer: b, jwks: \"https://idp/jwks\", audience: drawbridge, hmacSecret: \"${env:SECRET}\" }\n",
                "    - { jwks: \"https://idp/jwks\", audience: drawbridge }\n"))
        .containsExactly(
            "identity.issuers[2].issuer: is required",
            "identity.issuers[0]: set exactly one of jwks (an OIDC provider's keys) or"
                + " hmacSecret (tokens that drawbridge mints)",
            "identity.issuers[1]: set exactly one of jwks and hmacSecret, not both");
  }

  @Test
  void algorithmsNeverIncludeNoneAndMustBeKnown() {
    assertThat(
            issuers(
                "    - { issuer: a, jwks: \"https://idp/jwks\", audience: drawbridge, algorithms: [RS256, NONE, RS257,"
                    + " XYZ] }\n"))
        .containsExactly(
            "identity.issuers[0].algorithms[1]: 'none' is never accepted: it would accept"
                + " unsigned tokens",
            "identity.issuers[0].algorithms[2]: unknown JWS algorithm 'RS257'; did you mean"
                + " 'RS256'?",
            "identity.issuers[0].algorithms[3]: unknown JWS algorithm 'XYZ'; expected one of"
                + " HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384,"
                + " ES512, EdDSA");
  }

  @Test
  void algorithmsMustMatchTheKeySource() {
    assertThat(
            issuers(
                "    - { issuer: a, hmacSecret: \"${env:SECRET}\", algorithms: [HS512, RS256] }\n",
                "    - { issuer: b, jwks: \"https://idp/jwks\", audience: drawbridge, algorithms: [ES256, HS256] }\n"))
        .containsExactly(
            "identity.issuers[0].algorithms[1]: an hmacSecret issuer accepts only HS256, HS384"
                + " or HS512",
            "identity.issuers[1].algorithms[1]: a jwks issuer must not accept HMAC algorithms (a"
                + " public key used as an HMAC secret lets anyone sign tokens); use RS*, PS*, ES*"
                + " or EdDSA");
  }

  @Test
  void hmacSecretNeedsThirtyTwoBytesAndIsNeverShown() {
    ConfigException failure =
        fixture.failure(
            fixture.write(
                "drawbridge.yaml",
                "identity:\n  issuers:\n    - { issuer: a, hmacSecret: \"${env:SHORT}\" }\n"));

    assertThat(Fixture.strings(failure.errors()))
        .containsExactly(
            "identity.issuers[0].hmacSecret: must be at least 32 bytes; generate one with openssl"
                + " rand -base64 48");
    assertThat(failure.getMessage()).doesNotContain("one-byte-too-short");
  }

  @Test
  void duplicateIssuersAndJwksSourcesAreChecked() {
    assertThat(
            issuers(
                "    - { issuer: a, jwks: \"https://idp/jwks\", audience: drawbridge }\n",
                "    - { issuer: a, jwks: keys/jwks.json, audience: drawbridge }\n",
                "    - { issuer: c, jwks: \"/nonexistent/jwks.json\", audience: drawbridge }\n"))
        .containsExactly(
            "identity.issuers[1].issuer: duplicate issuer 'a' (also at identity.issuers[0].issuer)",
            "identity.issuers[1].jwks: must be an https:// URL or an absolute file path",
            "identity.issuers[2].jwks: file /nonexistent/jwks.json does not exist");
  }

  @Test
  void jwksIssuersNeedAnAudienceHttpsAndAPositiveRefresh() {
    assertThat(
            issuers(
                "    - { issuer: a, jwks: \"https://idp/jwks\" }\n",
                "    - { issuer: b, jwks: \"http://idp.example.com/jwks\", audience: x }\n",
                "    - { issuer: c, jwks: \"http://127.0.0.1:8080/jwks\", audience: x }\n",
                "    - { issuer: d, jwks: \"https://idp/jwks\", audience: x, jwksRefresh: 0s }\n"))
        .containsExactly(
            "identity.issuers[0].audience: required for a jwks issuer: without it, a token the"
                + " provider issued to any other client would be accepted; set the audience your"
                + " provider puts in tokens for Drawbridge",
            "identity.issuers[1].jwks: use https://: keys fetched over plain http can be replaced"
                + " by anyone on the network path, who could then sign any token (http is allowed"
                + " for loopback only)",
            "identity.issuers[3].jwksRefresh: must be at least 1s");
  }

  @Test
  void clockSkewStaysSmall() {
    assertThat(fixture.errors("identity:\n  clockSkew: 1d\n"))
        .containsExactly(
            "identity.clockSkew: must be at most 5m; a larger tolerance keeps expired tokens valid"
                + " that much longer");
  }

  @Test
  void agentKeysNeedUniqueNamesAndHashes() {
    assertThat(
            fixture.errors(
                """
                identity:
                  agents:
                    - { name: bot, keySha256: %s }
                    - { name: bot, keySha256: %s }
                    - { name: other, keySha256: abc123 }
                    - { keySha256: %s }
                """
                    .formatted(HASH, HASH.toUpperCase(Locale.ROOT), HASH)))
        .containsExactly(
            "identity.agents[3].name: is required",
            "identity.agents[1].name: duplicate agent name 'bot' (also at"
                + " identity.agents[0].name)",
            "identity.agents[1].keySha256: the same key as identity.agents[0]; every agent needs"
                + " its own key",
            "identity.agents[2].keySha256: must be exactly 64 hexadecimal characters, the SHA-256"
                + " of the key (printf %s \"$KEY\" | sha256sum)",
            "identity.agents[3].keySha256: the same key as identity.agents[0]; every agent needs"
                + " its own key");
  }
}
