package dev.drawbridge.core.identity;

import static dev.drawbridge.core.identity.Results.accepted;
import static dev.drawbridge.core.identity.Results.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.config.IssuerConfig;
import dev.drawbridge.config.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Token dispatch (JWT or agent key), limits, and refusal of unusable configuration. */
class TokenAuthenticatorTest {

  static final String SECRET = HmacTokenTest.SECRET;

  private static IssuerConfig hmac(String name, String secret) {
    return new IssuerConfig(name, null, Secret.of(secret), null, null, null, null, null);
  }

  private static TokenAuthenticator create(IssuerConfig... issuers) {
    return TokenAuthenticator.create(
        new IdentityConfig(List.of(issuers), AgentKeysTest.agents(), null),
        Clock.systemUTC(),
        Runnable::run);
  }

  @Test
  void jwtShapeIsThreeBase64UrlPartsWithAnOptionalSignature() {
    assertThat(TokenAuthenticator.looksLikeJwt("aGVhZA.Ym9keQ.c2ln")).isTrue();
    assertThat(TokenAuthenticator.looksLikeJwt("aGVhZA.Ym9keQ.")).isTrue();
    assertThat(TokenAuthenticator.looksLikeJwt("aGVhZA.Ym9keQ")).isFalse();
    assertThat(TokenAuthenticator.looksLikeJwt(".Ym9keQ.c2ln")).isFalse();
    assertThat(TokenAuthenticator.looksLikeJwt("aGVhZA..c2ln")).isFalse();
    assertThat(TokenAuthenticator.looksLikeJwt("a.b.c.d.e")).isFalse();
    assertThat(TokenAuthenticator.looksLikeJwt("aGVh+A.Ym9keQ.c2ln")).isFalse();
    assertThat(TokenAuthenticator.looksLikeJwt(AgentKeysTest.SUPPORT_KEY)).isFalse();
  }

  @Test
  void jwtAndAgentKeyAreBothAcceptedByOneAuthenticator() {
    try (TokenAuthenticator authenticator = create(hmac("drawbridge", SECRET))) {
      String jwt =
          TokenMinter.forIssuer(hmac("drawbridge", SECRET))
              .mint("minted-bot", List.of(), Duration.ofMinutes(5));

      assertThat(accepted(authenticator, jwt).agent()).isEqualTo("minted-bot");
      assertThat(accepted(authenticator, AgentKeysTest.SUPPORT_KEY).agent())
          .isEqualTo("support-bot");
    }
  }

  @Test
  void missingTokenIsRejected() {
    try (TokenAuthenticator authenticator = create()) {
      assertThat(rejected(authenticator, "")).isEqualTo("no token presented");
      assertThat(rejected(authenticator, null)).isEqualTo("no token presented");
    }
  }

  @Test
  void overlongTokenIsRejectedUnread() {
    try (TokenAuthenticator authenticator = create()) {
      assertThat(rejected(authenticator, "a".repeat(TokenAuthenticator.MAX_TOKEN_LENGTH + 1)))
          .isEqualTo("token is longer than 16384 characters");
    }
  }

  @Test
  void defaultFactoryWorksAndCloses() {
    try (TokenAuthenticator authenticator =
        TokenAuthenticator.create(new IdentityConfig(null, AgentKeysTest.agents(), null))) {
      assertThat(accepted(authenticator, AgentKeysTest.BILLING_KEY).agent())
          .isEqualTo("billing-bot");
    }
  }

  @Test
  void shortHmacSecretIsRefusedWithoutShowingIt() {
    assertThatThrownBy(() -> create(hmac("drawbridge", "hunter2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "identity.issuers['drawbridge'].hmacSecret: must be at least 32 bytes (256 bits),"
                + " e.g. from `openssl rand -hex 32`");
  }

  @Test
  void issuerListedTwiceIsRefused() {
    assertThatThrownBy(() -> create(hmac("drawbridge", SECRET), hmac("drawbridge", SECRET)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("identity.issuers['drawbridge']: listed twice");
  }

  @Test
  void issuerWithBothSecretAndJwksIsRefused() {
    IssuerConfig both =
        new IssuerConfig("x", "https://idp/jwks", Secret.of(SECRET), null, null, null, null, null);

    assertThatThrownBy(() -> create(both))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("identity.issuers['x']: set exactly one of 'jwks' and 'hmacSecret'");
  }

  @Test
  void issuerAcceptingOnlyNoneIsRefused() {
    IssuerConfig none =
        new IssuerConfig("x", null, Secret.of(SECRET), null, List.of("none"), null, null, null);

    assertThatThrownBy(() -> create(none))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("identity.issuers['x'].algorithms: none of [none] can be accepted");
  }

  @Test
  void negativeClockSkewIsRefused() {
    assertThatThrownBy(
            () ->
                TokenAuthenticator.create(
                    new IdentityConfig(null, null, Duration.ofSeconds(-1)),
                    Clock.systemUTC(),
                    Runnable::run))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("identity.clockSkew: must not be negative");
  }
}
