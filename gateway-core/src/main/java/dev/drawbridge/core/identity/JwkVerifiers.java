package dev.drawbridge.core.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a published JWK into a verifier for one algorithm, or nothing when the key cannot verify
 * it: wrong key type or curve, a {@code use} other than {@code sig}, or an {@code alg} that
 * differs. Symmetric ({@code oct}) keys from a JWKS are never used.
 */
final class JwkVerifiers {

  private static final Logger log = LoggerFactory.getLogger(JwkVerifiers.class);

  private JwkVerifiers() {}

  static Optional<JWSVerifier> forKey(JWK jwk, JWSAlgorithm alg) {
    if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
      return Optional.empty();
    }
    if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().getName().equals(alg.getName())) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(verifier(jwk, alg));
    } catch (JOSEException e) {
      log.warn("JWK '{}' cannot be used: {}", jwk.getKeyID(), e.getMessage());
      return Optional.empty();
    }
  }

  private static JWSVerifier verifier(JWK jwk, JWSAlgorithm alg) throws JOSEException {
    if (JWSAlgorithm.Family.RSA.contains(alg) && jwk instanceof RSAKey rsa) {
      return new RSASSAVerifier(rsa.toRSAPublicKey());
    }
    if (JWSAlgorithm.Family.EC.contains(alg) && jwk instanceof ECKey ec) {
      return Curve.forJWSAlgorithm(alg).contains(ec.getCurve()) ? new ECDSAVerifier(ec) : null;
    }
    if ((JWSAlgorithm.EdDSA.equals(alg) || JWSAlgorithm.Ed25519.equals(alg))
        && jwk instanceof OctetKeyPair okp
        && Curve.Ed25519.equals(okp.getCurve())) {
      return Ed25519JwsVerifier.fromRawKey(okp.getDecodedX());
    }
    return null;
  }
}
