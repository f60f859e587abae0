package dev.drawbridge.core.identity;

import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.drawbridge.config.IssuerConfig;
import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Identity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks on a verified token's claims: {@code exp} (required) and {@code nbf} with the clock
 * skew, {@code aud} when the issuer names an audience, then the agent, subject, groups and admin
 * roles that make up the {@link Identity}.
 */
final class ClaimsCheck {

  private final Clock clock;
  private final Duration skew;

  ClaimsCheck(Clock clock, Duration skew) {
    if (skew.isNegative()) {
      throw new IllegalArgumentException("identity.clockSkew: must not be negative");
    }
    this.clock = clock;
    this.skew = skew;
  }

  Identity check(JWTClaimsSet claims, IssuerConfig issuer) throws Rejection {
    checkTimes(claims);
    checkAudience(claims, issuer.audience());
    String agent = requiredString(claims, issuer.agentClaim());
    String subject = requiredString(claims, JWTClaimNames.SUBJECT);
    Set<String> groups = groups(claims, issuer.groupsClaim());
    Set<String> roles = groups(claims, issuer.rolesClaim());
    return new Identity(
        subject,
        agent,
        groups,
        issuer.issuer(),
        AuthMethod.JWT,
        claims.getExpirationTime().toInstant(),
        roles);
  }

  private void checkTimes(JWTClaimsSet claims) throws Rejection {
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new Rejection(Reasons.missingClaim(JWTClaimNames.EXPIRATION_TIME));
    }
    if (!now.isBefore(exp.toInstant().plus(skew))) {
      throw new Rejection(Reasons.expired(exp.toInstant()));
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
      throw new Rejection(Reasons.notYetValid(nbf.toInstant()));
    }
  }

  private static void checkAudience(JWTClaimsSet claims, List<String> accepted) throws Rejection {
    if (accepted.isEmpty()) {
      return;
    }
    List<String> presented = claims.getAudience();
    for (String aud : presented) {
      if (accepted.contains(aud)) {
        return;
      }
    }
    throw new Rejection(Reasons.audience(presented, accepted));
  }

  private static String requiredString(JWTClaimsSet claims, String name) throws Rejection {
    Object value = claims.getClaim(name);
    if (value == null) {
      throw new Rejection(Reasons.missingClaim(name));
    }
    if (!(value instanceof String text)) {
      throw new Rejection(Reasons.claimNotString(name));
    }
    if (text.isBlank()) {
      throw new Rejection(Reasons.missingClaim(name));
    }
    return text;
  }

  /** A groups (or roles) claim is absent (none), one string (one group) or a list of strings. */
  private static Set<String> groups(JWTClaimsSet claims, String name) throws Rejection {
    Object value = claims.getClaim(name);
    return switch (value) {
      case null -> Set.of();
      case String group -> group.isBlank() ? Set.of() : Set.of(group);
      case Collection<?> list -> {
        Set<String> groups = new LinkedHashSet<>();
        for (Object item : list) {
          if (!(item instanceof String group)) {
            throw new Rejection(Reasons.groupsNotStrings(name));
          }
          groups.add(group);
        }
        yield groups;
      }
      default -> throw new Rejection(Reasons.groupsNotStrings(name));
    };
  }
}
