package dev.drawbridge.core.identity;

import static dev.drawbridge.core.identity.Results.accepted;
import static dev.drawbridge.core.identity.Results.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.config.IssuerConfig;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens of a JWKS issuer whose keys are in a file: RS256, ES256, EdDSA; algorithm confusion. */
class PublicKeyTokenTest {

  static final String ISSUER = "https://idp.example.com";
  static final Instant NOW = Instant.parse("2026-11-24T09:55:00Z");

  static final TestKeys RSA = TestKeys.rsa("rsa-1");
  static final TestKeys EC = TestKeys.ec("ec-1");
  static final TestKeys ED = TestKeys.ed25519("ed-1");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(NOW);
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private Path jwksFile;
  private TokenAuthenticator authenticator;

  @BeforeEach
  void start() throws IOException {
    jwksFile = dir.resolve("jwks.json");
    Files.writeString(jwksFile, TestKeys.jwks(RSA, EC, ED));
    authenticator = authenticator(null);
  }

  @AfterEach
  void stop() {
    authenticator.close();
    executor.shutdownNow();
  }

  private TokenAuthenticator authenticator(List<String> algorithms) {
    IssuerConfig issuer =
        new IssuerConfig(
            ISSUER, jwksFile.toString(), null, List.of("drawbridge"), algorithms, null, null, null);
    return TokenAuthenticator.create(
        new IdentityConfig(List.of(issuer), List.of(), Duration.ofSeconds(30)), clock, executor);
  }

  private static JWTClaimsSet claims() {
    return Tokens.claims(ISSUER, NOW).audience("drawbridge").build();
  }

  @Test
  void rs256TokenIsAccepted() {
    Identity identity = accepted(authenticator, Tokens.sign(RSA, claims()));

    assertThat(identity.issuer()).isEqualTo(ISSUER);
    assertThat(identity.agent()).isEqualTo("support-bot");
  }

  @Test
  void es256TokenIsAccepted() {
    accepted(authenticator, Tokens.sign(EC, claims()));
  }

  @Test
  void eddsaTokenIsAccepted() {
    accepted(authenticator, Tokens.sign(ED, claims()));
  }

  @Test
  void tokenWithoutKeyIdIsVerifiedAgainstTheKeysForItsAlgorithm() {
    String token = Tokens.sign(ED.signer(), new JWSHeader(JWSAlgorithm.EdDSA), claims());

    accepted(authenticator, token);
  }

  @Test
  void tokenSignedByAnotherKeyUnderAPublishedKeyIdIsRejected() {
    TestKeys impostor = TestKeys.ed25519(ED.kid());

    assertThat(rejected(authenticator, Tokens.sign(impostor, claims())))
        .isEqualTo("signature does not verify");
  }

  @Test
  void tokenNamingAKeyOfAnotherTypeIsRejected() {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(RSA.kid()).build();

    assertThat(rejected(authenticator, Tokens.sign(EC.signer(), header, claims())))
        .isEqualTo("signature does not verify");
  }

  @Test
  void unknownKeyIdIsRejected() {
    TestKeys unknown = TestKeys.rsa("k2");

    assertThat(rejected(authenticator, Tokens.sign(unknown, claims())))
        .isEqualTo("unknown key id 'k2' for issuer 'https://idp.example.com'");
  }

  @Test
  void keyAddedToTheFileIsFoundByRereadingIt() throws IOException {
    TestKeys added = TestKeys.ec("ec-2");
    Files.writeString(jwksFile, TestKeys.jwks(RSA, EC, ED, added));

    accepted(authenticator, Tokens.sign(added, claims()));
  }

  @Test
  void hs256TokenMadeWithThePublicKeyAsSecretIsRefused() throws Exception {
    // the classic algorithm confusion: HMAC "signed" with the RSA public key an attacker can read
    authenticator.close();
    authenticator = authenticator(List.of("RS256", "HS256"));
    byte[] publicKeyAsSecret = RSA.publicJwk().toRSAKey().toRSAPublicKey().getEncoded();
    String token = Tokens.hs256(publicKeyAsSecret, claims());

    assertThat(rejected(authenticator, token))
        .isEqualTo(
            "algorithm HS256 is not accepted for issuer 'https://idp.example.com' (accepted:"
                + " RS256)");
  }

  @Test
  void hs256TokenMadeWithTheJwksAsSecretIsRefused() {
    String token =
        Tokens.hs256(TestKeys.jwks(RSA, EC, ED).getBytes(StandardCharsets.UTF_8), claims());

    assertThat(rejected(authenticator, token))
        .isEqualTo(
            "algorithm HS256 is not accepted for issuer 'https://idp.example.com' (accepted:"
                + " RS256, ES256, EdDSA)");
  }

  @Test
  void unreadableJwksFileStopsStartUp() throws IOException {
    Files.delete(jwksFile);

    assertThatThrownBy(() -> authenticator(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("identity.issuers['https://idp.example.com'].jwks: cannot read");
  }
}
