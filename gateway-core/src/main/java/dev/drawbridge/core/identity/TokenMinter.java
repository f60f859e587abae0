package dev.drawbridge.core.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.drawbridge.config.IssuerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Mints HS256 tokens signed with an HMAC issuer's secret, for {@code drawbridge token mint}. The
 * tokens carry {@code iss} (the issuer's name, {@code drawbridge}), {@code sub} and the issuer's
 * agent claim (the agent), its groups claim, {@code iat}, {@code nbf}, {@code exp}, a random {@code
 * jti} and, when the issuer names an audience, its first audience as {@code aud}; a {@link
 * TokenAuthenticator} with the same issuer accepts them.
 */
public final class TokenMinter {

  private final IssuerConfig issuer;
  private final MACSigner signer;
  private final Clock clock;

  private TokenMinter(IssuerConfig issuer, MACSigner signer, Clock clock) {
    this.issuer = issuer;
    this.signer = signer;
    this.clock = clock;
  }

  /**
   * A minter on the system clock.
   *
   * @throws IllegalArgumentException when the issuer has no HMAC secret, its secret is shorter than
   *     32 bytes, or it does not accept HS256
   */
  public static TokenMinter forIssuer(IssuerConfig issuer) {
    return forIssuer(issuer, Clock.systemUTC());
  }

  /**
   * A minter whose tokens are issued at {@code clock}'s time.
   *
   * @see #forIssuer(IssuerConfig)
   */
  public static TokenMinter forIssuer(IssuerConfig issuer, Clock clock) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(clock, "clock");
    String where = "identity.issuers['" + issuer.issuer() + "']";
    if (!issuer.isHmac()) {
      throw new IllegalArgumentException(
          where + ": tokens can only be minted for an issuer with an hmacSecret");
    }
    if (!issuer.algorithms().contains(JWSAlgorithm.HS256.getName())) {
      throw new IllegalArgumentException(
          where + ".algorithms: minted tokens use HS256, which this issuer does not accept");
    }
    try {
      return new TokenMinter(issuer, new MACSigner(SecretKeySource.secretBytes(issuer)), clock);
    } catch (JOSEException e) {
      throw new IllegalArgumentException(where + ".hmacSecret: not usable as an HMAC key");
    }
  }

  /**
   * Mints a token.
   *
   * @param agent the agent's name ({@code sub} and the issuer's agent claim)
   * @param groups the agent's groups (the issuer's groups claim)
   * @param ttl how long the token is valid from now
   * @return the token, in compact serialization
   */
  public String mint(String agent, List<String> groups, Duration ttl) {
    if (agent == null || agent.isBlank()) {
      throw new IllegalArgumentException("agent must not be empty");
    }
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer.issuer())
            .subject(agent)
            .claim(issuer.groupsClaim(), groups == null ? List.of() : List.copyOf(groups))
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(UUID.randomUUID().toString());
    if (!issuer.agentClaim().equals(JWTClaimNames.SUBJECT)) {
      claims.claim(issuer.agentClaim(), agent);
    }
    if (!issuer.audience().isEmpty()) {
      claims.audience(issuer.audience().getFirst());
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
            claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("HS256 signing failed", e);
    }
    return jwt.serialize();
  }
}
