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
 * tokens carry {@code iss} (the issuer's name, {@code drawbridge}), {@code sub} (the subject), the
 * issuer's agent claim (the agent), its groups claim, its roles claim when roles are given, {@code
 * iat}, {@code nbf}, {@code exp}, a random {@code jti} and, when the issuer names an audience, its
 * first audience as {@code aud}; a {@link TokenAuthenticator} with the same issuer accepts them.
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
   * Mints a token for an agent: its subject is the agent, and it holds no admin API roles.
   *
   * @param agent the agent's name ({@code sub} and the issuer's agent claim)
   * @param groups the agent's groups (the issuer's groups claim)
   * @param ttl how long the token is valid from now
   * @return the token, in compact serialization
   */
  public String mint(String agent, List<String> groups, Duration ttl) {
    return mint(agent, agent, groups, List.of(), ttl);
  }

  /**
   * Mints a token, possibly with admin API roles (for an approver, say).
   *
   * @param subject the holder ({@code sub}); approvers are told apart by it
   * @param agent the agent name (the issuer's agent claim); must equal {@code subject} when that
   *     claim is {@code sub}
   * @param groups the groups (the issuer's groups claim)
   * @param roles the admin API roles (the issuer's roles claim, left out when empty)
   * @param ttl how long the token is valid from now
   * @return the token, in compact serialization
   */
  public String mint(
      String subject, String agent, List<String> groups, List<String> roles, Duration ttl) {
    if (agent == null || agent.isBlank()) {
      throw new IllegalArgumentException("agent must not be empty");
    }
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("subject must not be empty");
    }
    if (issuer.agentClaim().equals(JWTClaimNames.SUBJECT) && !subject.equals(agent)) {
      throw new IllegalArgumentException(
          "identity.issuers['"
              + issuer.issuer()
              + "'].agentClaim is 'sub': the subject is the agent name, so they cannot differ");
    }
    List<String> roleList = roles == null ? List.of() : List.copyOf(roles);
    if (roleList.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("a role must not be empty");
    }
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer.issuer())
            .subject(subject)
            .claim(issuer.groupsClaim(), groups == null ? List.of() : List.copyOf(groups))
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(UUID.randomUUID().toString());
    if (!issuer.agentClaim().equals(JWTClaimNames.SUBJECT)) {
      claims.claim(issuer.agentClaim(), agent);
    }
    if (!roleList.isEmpty()) {
      claims.claim(issuer.rolesClaim(), roleList);
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
