package dev.drawbridge.core.identity;

import static dev.drawbridge.core.identity.Results.accepted;
import static dev.drawbridge.core.identity.Results.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.config.IssuerConfig;
import dev.drawbridge.config.Secret;
import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * JWT checks on tokens of an HMAC issuer: times, issuer, audience, signature, algorithm, claims.
 */
class HmacTokenTest {

  static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";
  static final Instant NOW = Instant.parse("2026-11-24T09:55:00Z");

  private final MutableClock clock = new MutableClock(NOW);
  private TokenAuthenticator authenticator = authenticator(hmacIssuer("drawbridge", null, null));

  @AfterEach
  void close() {
    authenticator.close();
  }

  static IssuerConfig hmacIssuer(String name, List<String> audience, String agentClaim) {
    return new IssuerConfig(name, null, Secret.of(SECRET), audience, null, agentClaim, null, null);
  }

  private TokenAuthenticator authenticator(IssuerConfig... issuers) {
    return TokenAuthenticator.create(
        new IdentityConfig(List.of(issuers), List.of(), Duration.ofSeconds(30)),
        clock,
        Runnable::run);
  }

  private void reconfigure(IssuerConfig issuer) {
    authenticator.close();
    authenticator = authenticator(issuer);
  }

  private static JWTClaimsSet.Builder claims() {
    return Tokens.claims("drawbridge", NOW);
  }

  @Test
  void validTokenGivesTheIdentity() {
    String token = Tokens.hs256(SECRET, claims().claim("groups", List.of("support")).build());

    Identity identity = accepted(authenticator, token);

    assertThat(identity.subject()).isEqualTo("support-bot");
    assertThat(identity.agent()).isEqualTo("support-bot");
    assertThat(identity.groups()).containsExactly("support");
    assertThat(identity.issuer()).isEqualTo("drawbridge");
    assertThat(identity.method()).isEqualTo(AuthMethod.JWT);
    assertThat(identity.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
  }

  @Test
  void expiredTokenIsRejectedWithItsExpiry() {
    Instant exp = Instant.parse("2026-11-24T09:54:00Z");
    String token = Tokens.hs256(SECRET, claims().expirationTime(Date.from(exp)).build());

    assertThat(rejected(authenticator, token)).isEqualTo("token expired at 2026-11-24T09:54:00Z");
  }

  @Test
  void tokenExpiredWithinTheClockSkewIsAccepted() {
    String token =
        Tokens.hs256(SECRET, claims().expirationTime(Date.from(NOW.minusSeconds(20))).build());

    assertThat(accepted(authenticator, token).expiresAt()).isEqualTo(NOW.minusSeconds(20));
  }

  @Test
  void tokenWithoutExpiryIsRejected() {
    String token = Tokens.hs256(SECRET, claims().expirationTime(null).build());

    assertThat(rejected(authenticator, token)).isEqualTo("token has no 'exp' claim");
  }

  @Test
  void tokenNotYetValidIsRejected() {
    Instant nbf = NOW.plusSeconds(60);
    String token = Tokens.hs256(SECRET, claims().notBeforeTime(Date.from(nbf)).build());

    assertThat(rejected(authenticator, token)).isEqualTo("token not valid before " + nbf);
  }

  @Test
  void tokenValidWithinTheClockSkewIsAccepted() {
    String token =
        Tokens.hs256(SECRET, claims().notBeforeTime(Date.from(NOW.plusSeconds(20))).build());

    accepted(authenticator, token);
  }

  @Test
  void unknownIssuerIsRejected() {
    String token = Tokens.hs256(SECRET, Tokens.claims("https://evil.example", NOW).build());

    assertThat(rejected(authenticator, token)).isEqualTo("unknown issuer 'https://evil.example'");
  }

  @Test
  void tokenWithoutIssuerIsRejected() {
    String token = Tokens.hs256(SECRET, claims().issuer(null).build());

    assertThat(rejected(authenticator, token)).isEqualTo("token has no 'iss' claim");
  }

  @Test
  void audienceIsCheckedWhenTheIssuerNamesOne() {
    reconfigure(hmacIssuer("drawbridge", List.of("drawbridge"), null));

    assertThat(rejected(authenticator, Tokens.hs256(SECRET, claims().audience("a").build())))
        .isEqualTo("audience [a] does not include drawbridge");
    assertThat(rejected(authenticator, Tokens.hs256(SECRET, claims().build())))
        .isEqualTo("audience [] does not include drawbridge");
    accepted(
        authenticator, Tokens.hs256(SECRET, claims().audience(List.of("a", "drawbridge")).build()));
  }

  @Test
  void audienceIsNotCheckedWhenTheIssuerNamesNone() {
    accepted(authenticator, Tokens.hs256(SECRET, claims().audience("anything").build()));
  }

  @Test
  void tokenSignedWithAnotherSecretIsRejected() {
    String token = Tokens.hs256(SECRET + "-but-not-quite", claims().build());

    assertThat(rejected(authenticator, token)).isEqualTo("signature does not verify");
  }

  @Test
  void tokenWithAlteredClaimsIsRejected() {
    String token = Tokens.hs256(SECRET, claims().build());
    String[] parts = token.split("\\.");
    String forged =
        Tokens.raw(
            "{\"alg\":\"HS256\"}",
            "{\"iss\":\"drawbridge\",\"sub\":\"admin-bot\",\"exp\":"
                + NOW.plusSeconds(300).getEpochSecond()
                + "}",
            parts[2]);

    assertThat(rejected(authenticator, forged)).isEqualTo("signature does not verify");
  }

  @Test
  void unsignedTokenIsRejected() {
    String token =
        Tokens.raw(
            "{\"alg\":\"none\",\"typ\":\"JWT\"}",
            "{\"iss\":\"drawbridge\",\"sub\":\"support-bot\",\"exp\":"
                + NOW.plusSeconds(300).getEpochSecond()
                + "}",
            "");

    assertThat(rejected(authenticator, token))
        .isEqualTo("algorithm none is not accepted for issuer 'drawbridge' (accepted: HS256)");
  }

  @Test
  void algorithmOutsideTheIssuersListIsRejected() throws Exception {
    String token =
        Tokens.sign(
            new MACSigner((SECRET + SECRET).getBytes(StandardCharsets.UTF_8)),
            new JWSHeader(JWSAlgorithm.HS512),
            claims().build());

    assertThat(rejected(authenticator, token))
        .isEqualTo("algorithm HS512 is not accepted for issuer 'drawbridge' (accepted: HS256)");
  }

  @Test
  void criticalHeaderParametersAreRejected() throws Exception {
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.HS256)
            .criticalParams(Set.of("x-policy"))
            .customParam("x-policy", "strict")
            .build();
    String token =
        Tokens.sign(
            new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)), header, claims().build());

    assertThat(rejected(authenticator, token))
        .isEqualTo("token has critical header parameters that are not supported: x-policy");
  }

  @Test
  void agentComesFromTheConfiguredClaim() {
    reconfigure(hmacIssuer("drawbridge", null, "agent"));

    Identity identity =
        accepted(
            authenticator,
            Tokens.hs256(
                SECRET, claims().subject("svc-123").claim("agent", "billing-bot").build()));

    assertThat(identity.subject()).isEqualTo("svc-123");
    assertThat(identity.agent()).isEqualTo("billing-bot");
  }

  @Test
  void tokenWithoutTheAgentClaimIsRejected() {
    reconfigure(hmacIssuer("drawbridge", null, "agent"));

    assertThat(rejected(authenticator, Tokens.hs256(SECRET, claims().build())))
        .isEqualTo("token has no 'agent' claim");
    assertThat(rejected(authenticator, Tokens.hs256(SECRET, claims().claim("agent", 7).build())))
        .isEqualTo("token claim 'agent' is not a string");
  }

  @Test
  void groupsClaimMayBeOneString() {
    Identity identity =
        accepted(authenticator, Tokens.hs256(SECRET, claims().claim("groups", "support").build()));

    assertThat(identity.groups()).containsExactly("support");
  }

  @Test
  void groupsClaimMayBeAList() {
    Identity identity =
        accepted(
            authenticator,
            Tokens.hs256(SECRET, claims().claim("groups", List.of("support", "billing")).build()));

    assertThat(identity.groups()).containsExactlyInAnyOrder("support", "billing");
  }

  @Test
  void groupsClaimOfAnotherTypeIsRejected() {
    String token = Tokens.hs256(SECRET, claims().claim("groups", List.of("support", 3)).build());

    assertThat(rejected(authenticator, token))
        .isEqualTo("token claim 'groups' is neither a string nor a list of strings");
  }

  @Test
  void garbageInTheShapeOfAJwtIsMalformed() {
    assertThat(rejected(authenticator, "eyJhbGciOi.eyJpc3Mi.c2ln")).isEqualTo("malformed token");
    assertThat(rejected(authenticator, Tokens.raw("{\"alg\":\"HS256\"}", "[1,2]", "c2ln")))
        .isEqualTo("malformed token");
  }
}
