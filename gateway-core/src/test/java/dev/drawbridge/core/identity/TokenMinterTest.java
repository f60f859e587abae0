package dev.drawbridge.core.identity;

import static dev.drawbridge.core.identity.Results.accepted;
import static dev.drawbridge.core.identity.Results.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.config.IssuerConfig;
import dev.drawbridge.config.Secret;
import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tokens minted for {@code drawbridge token mint}, checked by the authenticator. */
class TokenMinterTest {

  static final String SECRET = HmacTokenTest.SECRET;
  static final Instant NOW = Instant.parse("2026-11-24T09:55:00Z");

  private final MutableClock clock = new MutableClock(NOW);

  private static IssuerConfig drawbridge(List<String> audience, String agentClaim) {
    return new IssuerConfig(
        "drawbridge", null, Secret.of(SECRET), audience, null, agentClaim, null, null);
  }

  private TokenAuthenticator authenticator(IssuerConfig issuer) {
    return TokenAuthenticator.create(
        new IdentityConfig(List.of(issuer), List.of(), Duration.ofSeconds(30)),
        clock,
        Runnable::run);
  }

  @Test
  void mintedTokenIsAccepted() {
    IssuerConfig issuer = drawbridge(null, null);
    String token =
        TokenMinter.forIssuer(issuer, clock)
            .mint("support-bot", List.of("support"), Duration.ofHours(1));

    try (TokenAuthenticator authenticator = authenticator(issuer)) {
      Identity identity = accepted(authenticator, token);

      assertThat(identity.agent()).isEqualTo("support-bot");
      assertThat(identity.subject()).isEqualTo("support-bot");
      assertThat(identity.groups()).containsExactly("support");
      assertThat(identity.issuer()).isEqualTo("drawbridge");
      assertThat(identity.method()).isEqualTo(AuthMethod.JWT);
      assertThat(identity.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }
  }

  @Test
  void mintedTokenCarriesTheIssuersClaimsAndAudience() throws Exception {
    IssuerConfig issuer = drawbridge(List.of("gateway", "other"), "agent");
    String token =
        TokenMinter.forIssuer(issuer, clock).mint("billing-bot", List.of(), Duration.ofMinutes(5));

    var claims = SignedJWT.parse(token).getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("drawbridge");
    assertThat(claims.getSubject()).isEqualTo("billing-bot");
    assertThat(claims.getStringClaim("agent")).isEqualTo("billing-bot");
    assertThat(claims.getAudience()).containsExactly("gateway");
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
    assertThat(claims.getNotBeforeTime().toInstant()).isEqualTo(NOW);
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName()).isEqualTo("HS256");
    try (TokenAuthenticator authenticator = authenticator(issuer)) {
      assertThat(accepted(authenticator, token).agent()).isEqualTo("billing-bot");
    }
  }

  @Test
  void everyMintedTokenHasItsOwnId() throws Exception {
    TokenMinter minter = TokenMinter.forIssuer(drawbridge(null, null), clock);

    String a = minter.mint("bot", List.of(), Duration.ofMinutes(5));
    String b = minter.mint("bot", List.of(), Duration.ofMinutes(5));

    assertThat(SignedJWT.parse(a).getJWTClaimsSet().getJWTID())
        .isNotEqualTo(SignedJWT.parse(b).getJWTClaimsSet().getJWTID());
  }

  @Test
  void mintedTokenExpiresAfterItsTtl() {
    IssuerConfig issuer = drawbridge(null, null);
    String token =
        TokenMinter.forIssuer(issuer, clock).mint("bot", List.of(), Duration.ofMinutes(5));
    clock.advance(Duration.ofMinutes(6));

    try (TokenAuthenticator authenticator = authenticator(issuer)) {
      assertThat(rejected(authenticator, token)).isEqualTo("token expired at 2026-11-24T10:00:00Z");
    }
  }

  @Test
  void onlyAnHmacIssuerCanMint() {
    IssuerConfig jwks =
        new IssuerConfig("https://idp", "https://idp/jwks", null, null, null, null, null, null);

    assertThatThrownBy(() -> TokenMinter.forIssuer(jwks))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only be minted for an issuer with an hmacSecret");
  }

  @Test
  void shortSecretIsRefusedWithoutShowingIt() {
    IssuerConfig weak =
        new IssuerConfig("drawbridge", null, Secret.of("hunter2"), null, null, null, null, null);

    assertThatThrownBy(() -> TokenMinter.forIssuer(weak))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes")
        .message()
        .doesNotContain("hunter2");
  }

  @Test
  void rolesGoInTheIssuersRolesClaimAndComeBackAsTheIdentitysRoles() throws Exception {
    IssuerConfig issuer =
        new IssuerConfig(
            "drawbridge",
            null,
            Secret.of(SECRET),
            null,
            null,
            "agent",
            null,
            null,
            "drawbridge/roles");
    String token =
        TokenMinter.forIssuer(issuer, clock)
            .mint(
                "alice@example.com",
                "alice",
                List.of(),
                List.of("approver", "auditor"),
                Duration.ofMinutes(5));

    var claims = SignedJWT.parse(token).getJWTClaimsSet();
    assertThat(claims.getStringListClaim("drawbridge/roles"))
        .containsExactly("approver", "auditor");
    assertThat(claims.getClaim("roles")).isNull();
    try (TokenAuthenticator authenticator = authenticator(issuer)) {
      Identity identity = accepted(authenticator, token);
      assertThat(identity.subject()).isEqualTo("alice@example.com");
      assertThat(identity.agent()).isEqualTo("alice");
      assertThat(identity.roles()).containsExactlyInAnyOrder("approver", "auditor");
      assertThat(identity.hasRole("approver")).isTrue();
      assertThat(identity.hasRole("admin")).isFalse();
    }
  }

  @Test
  void anAgentTokenHasNoRolesClaim() throws Exception {
    String token =
        TokenMinter.forIssuer(drawbridge(null, null), clock)
            .mint("bot", List.of(), Duration.ofMinutes(5));

    assertThat(SignedJWT.parse(token).getJWTClaimsSet().getClaim("roles")).isNull();
  }

  @Test
  void aSubjectOtherThanTheAgentNeedsAnAgentClaimOfItsOwn() {
    TokenMinter minter = TokenMinter.forIssuer(drawbridge(null, null), clock);

    assertThatThrownBy(
            () ->
                minter.mint(
                    "alice@example.com",
                    "alice",
                    List.of(),
                    List.of("approver"),
                    Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agentClaim is 'sub'");
  }
}
