package dev.drawbridge.core.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.drawbridge.core.ports.AuthResult;
import java.text.ParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Authenticates a JWT: parse, choose the issuer by {@code iss}, check {@code alg} against the
 * issuer's {@link AlgorithmPolicy}, look up the keys, verify the signature, then check the claims.
 * Nothing in the token is trusted before its signature verifies, except {@code iss}, {@code alg}
 * and {@code kid}, which only choose the issuer and key to verify with.
 */
final class JwtAuthenticator {

  private final IssuerDirectory issuers;
  private final ClaimsCheck claimsCheck;

  JwtAuthenticator(IssuerDirectory issuers, ClaimsCheck claimsCheck) {
    this.issuers = issuers;
    this.claimsCheck = claimsCheck;
  }

  CompletionStage<AuthResult> authenticate(String token) {
    SignedJWT jwt;
    TrustedIssuer issuer;
    JWSAlgorithm alg;
    try {
      JWT parsed = parse(token);
      issuer = issuerOf(parsed);
      if (!(parsed instanceof SignedJWT signed)) {
        throw new Rejection(
            Reasons.algorithmNotAccepted(
                parsed.getHeader().getAlgorithm().getName(),
                issuer.name(),
                issuer.algorithms().names()));
      }
      jwt = signed;
      alg = issuer.algorithms().check(jwt.getHeader().getAlgorithm().getName(), issuer.name());
      rejectCriticalHeaders(jwt.getHeader());
    } catch (Rejection rejection) {
      return CompletableFuture.completedFuture(rejection.toResult());
    }
    String kid = jwt.getHeader().getKeyID();
    return issuer
        .keys()
        .lookup(alg, kid)
        .thenApply(
            lookup -> {
              try {
                verify(jwt, issuer, lookup);
                return new AuthResult.Authenticated(
                    claimsCheck.check(claims(jwt), issuer.config()));
              } catch (Rejection rejection) {
                return rejection.toResult();
              }
            });
  }

  private static JWT parse(String token) throws Rejection {
    try {
      JWT jwt = JWTParser.parse(token);
      if (jwt instanceof SignedJWT || jwt instanceof PlainJWT) {
        return jwt;
      }
    } catch (ParseException | RuntimeException e) {
      throw new Rejection(Reasons.malformed());
    }
    throw new Rejection(Reasons.malformed());
  }

  private TrustedIssuer issuerOf(JWT jwt) throws Rejection {
    Object iss = claims(jwt).getClaim(JWTClaimNames.ISSUER);
    if (iss == null) {
      throw new Rejection(Reasons.missingClaim(JWTClaimNames.ISSUER));
    }
    if (!(iss instanceof String name)) {
      throw new Rejection(Reasons.claimNotString(JWTClaimNames.ISSUER));
    }
    return issuers.find(name).orElseThrow(() -> new Rejection(Reasons.unknownIssuer(name)));
  }

  private static JWTClaimsSet claims(JWT jwt) throws Rejection {
    try {
      return jwt.getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      throw new Rejection(Reasons.malformed());
    }
  }

  /** Drawbridge understands no critical header parameters, so any {@code crit} is refused. */
  private static void rejectCriticalHeaders(JWSHeader header) throws Rejection {
    if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
      throw new Rejection(Reasons.criticalHeader(header.getCriticalParams()));
    }
  }

  private static void verify(SignedJWT jwt, TrustedIssuer issuer, KeyLookup lookup)
      throws Rejection {
    switch (lookup) {
      case KeyLookup.Unavailable() -> throw new Rejection(Reasons.keysUnavailable(issuer.name()));
      case KeyLookup.UnknownKeyId(String kid) ->
          throw new Rejection(Reasons.unknownKeyId(kid, issuer.name()));
      case KeyLookup.NoKeyForAlgorithm() ->
          throw new Rejection(
              Reasons.noKeyForAlgorithm(jwt.getHeader().getAlgorithm().getName(), issuer.name()));
      case KeyLookup.Found(var verifiers) -> {
        for (JWSVerifier verifier : verifiers) {
          if (verifies(jwt, verifier)) {
            return;
          }
        }
        throw new Rejection(Reasons.badSignature());
      }
    }
  }

  private static boolean verifies(SignedJWT jwt, JWSVerifier verifier) {
    try {
      return jwt.verify(verifier);
    } catch (JOSEException | IllegalStateException e) {
      return false;
    }
  }
}
