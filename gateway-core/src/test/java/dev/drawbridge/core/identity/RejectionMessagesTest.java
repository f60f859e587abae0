package dev.drawbridge.core.identity;

import static dev.drawbridge.core.identity.Results.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.config.IssuerConfig;
import dev.drawbridge.config.Secret;
import dev.drawbridge.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rejection messages tell the agent what is wrong and never repeat tokens, secrets or keys. */
class RejectionMessagesTest {

  static final String SECRET = HmacTokenTest.SECRET;
  static final String IDP = "https://idp.example.com";
  static final Instant NOW = Instant.parse("2026-11-24T09:55:00Z");
  static final String AGENT_KEY = AgentKeysTest.SUPPORT_KEY;

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(NOW);

  private TokenAuthenticator authenticator(TestKeys... published) throws IOException {
    Path jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, TestKeys.jwks(published));
    IssuerConfig drawbridge =
        new IssuerConfig(
            "drawbridge", null, Secret.of(SECRET), List.of("drawbridge"), null, null, null, null);
    IssuerConfig idp =
        new IssuerConfig(
            IDP, jwks.toString(), null, List.of("drawbridge"), null, "agent", null, null);
    return TokenAuthenticator.create(
        new IdentityConfig(List.of(drawbridge, idp), AgentKeysTest.agents(), Duration.ZERO),
        clock,
        Runnable::run);
  }

  @Test
  void noMessageRepeatsTheTokenTheSecretOrAKey() throws Exception {
    TestKeys rsa = TestKeys.rsa("rsa-1");
    TestKeys ed = TestKeys.ed25519("ed-1");
    JWTClaimsSet.Builder ok = Tokens.claims("drawbridge", NOW).audience("drawbridge");
    JWTClaimsSet.Builder idp = Tokens.claims(IDP, NOW).audience("drawbridge").claim("agent", "a");
    byte[] rsaPublic = rsa.publicJwk().toRSAKey().toRSAPublicKey().getEncoded();

    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("expired", Tokens.hs256(SECRET, ok.expirationTime(Date.from(NOW)).build()));
    tokens.put(
        "not yet valid",
        Tokens.hs256(
            SECRET,
            Tokens.claims("drawbridge", NOW)
                .audience("drawbridge")
                .notBeforeTime(Date.from(NOW.plusSeconds(60)))
                .build()));
    tokens.put(
        "wrong secret", Tokens.hs256(SECRET + "x", Tokens.claims("drawbridge", NOW).build()));
    tokens.put(
        "wrong audience",
        Tokens.hs256(SECRET, Tokens.claims("drawbridge", NOW).audience("other").build()));
    tokens.put("confusion", Tokens.hs256(rsaPublic, idp.build()));
    tokens.put("other key", Tokens.sign(TestKeys.rsa("rsa-1"), idp.build()));
    tokens.put("unknown kid", Tokens.sign(TestKeys.ec("k2"), idp.build()));
    tokens.put("no agent", Tokens.sign(ed, Tokens.claims(IDP, NOW).audience("drawbridge").build()));
    tokens.put("unknown issuer", Tokens.hs256(SECRET, Tokens.claims("elsewhere", NOW).build()));
    tokens.put("alg none", Tokens.raw("{\"alg\":\"none\"}", "{\"iss\":\"drawbridge\"}", ""));
    tokens.put("malformed", "eyJhbGciOi.eyJpc3Mi.c2ln");
    tokens.put("near-miss agent key", AGENT_KEY.substring(1) + "0");
    tokens.put("agent key hash", AgentKeysTest.sha256Hex(AGENT_KEY));

    List<String> forbidden = new ArrayList<>();
    forbidden.add(SECRET);
    forbidden.add(Base64URL.encode(SECRET.getBytes(StandardCharsets.UTF_8)).toString());
    forbidden.add(AGENT_KEY);
    forbidden.add(AgentKeysTest.sha256Hex(AGENT_KEY));
    forbidden.add(rsa.publicJwk().toRSAKey().getModulus().toString());
    forbidden.add(ed.publicJwk().toOctetKeyPair().getX().toString());

    try (TokenAuthenticator authenticator = authenticator(rsa, ed)) {
      for (Map.Entry<String, String> entry : tokens.entrySet()) {
        String token = entry.getValue();
        String reason = rejected(authenticator, token);
        List<String> secrets = new ArrayList<>(forbidden);
        secrets.add(token);
        Arrays.stream(token.split("\\.")).filter(part -> part.length() > 8).forEach(secrets::add);

        assertThat(reason).as(entry.getKey()).isNotBlank();
        for (String secret : secrets) {
          assertThat(reason).as(entry.getKey()).doesNotContain(secret);
        }
      }
    }
  }

  @Test
  void valuesCopiedFromTheTokenAreShortenedAndStrippedOfControlCharacters() throws Exception {
    String issuer = "evil\r\nX-Injected: yes " + "x".repeat(500);
    String token = Tokens.hs256(SECRET, Tokens.claims(issuer, NOW).build());

    try (TokenAuthenticator authenticator = authenticator(TestKeys.ec("ec-1"))) {
      String reason = rejected(authenticator, token);

      assertThat(reason).startsWith("unknown issuer 'evil??X-Injected: yes xxx");
      assertThat(reason).doesNotContain("\r", "\n");
      assertThat(reason.length()).isLessThan(120);
    }
  }
}
