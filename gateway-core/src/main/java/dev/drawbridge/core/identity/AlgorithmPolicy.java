package dev.drawbridge.core.identity;

import com.nimbusds.jose.JWSAlgorithm;
import dev.drawbridge.config.IssuerConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code alg} values one issuer accepts. {@code none} is never accepted; an HMAC issuer accepts
 * only HMAC algorithms and a JWKS issuer only public-key ones, so a token signed with HS256 using a
 * JWKS issuer's public key as the secret (algorithm confusion) is refused before any key is used.
 * Configured algorithms outside that set are dropped with a warning.
 */
final class AlgorithmPolicy {

  private static final Logger log = LoggerFactory.getLogger(AlgorithmPolicy.class);

  /** HMAC algorithms, for issuers with a shared secret. */
  static final Set<JWSAlgorithm> HMAC =
      Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);

  /** Public-key algorithms the JDK verifies without extra providers, for JWKS issuers. */
  static final Set<JWSAlgorithm> PUBLIC_KEY =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512,
          JWSAlgorithm.EdDSA,
          JWSAlgorithm.Ed25519);

  private final Set<JWSAlgorithm> accepted;
  private final List<String> names;

  private AlgorithmPolicy(Set<JWSAlgorithm> accepted) {
    this.accepted = Set.copyOf(accepted);
    this.names = accepted.stream().map(JWSAlgorithm::getName).toList();
  }

  /** The policy for an issuer; fails when none of its configured algorithms can be accepted. */
  static AlgorithmPolicy forIssuer(IssuerConfig issuer) {
    Set<JWSAlgorithm> allowed = issuer.isHmac() ? HMAC : PUBLIC_KEY;
    Set<JWSAlgorithm> accepted = new LinkedHashSet<>();
    List<String> dropped = new ArrayList<>();
    for (String name : issuer.algorithms()) {
      JWSAlgorithm alg = name == null ? null : JWSAlgorithm.parse(name);
      if (alg != null && allowed.contains(alg)) {
        accepted.add(alg);
      } else {
        dropped.add(String.valueOf(name));
      }
    }
    if (!dropped.isEmpty()) {
      log.warn(
          "issuer '{}': ignoring algorithms {} ({} issuers accept only {})",
          issuer.issuer(),
          dropped,
          issuer.isHmac() ? "HMAC" : "JWKS",
          allowed.stream().map(JWSAlgorithm::getName).sorted().toList());
    }
    if (accepted.isEmpty()) {
      throw new IllegalArgumentException(
          "identity.issuers['"
              + issuer.issuer()
              + "'].algorithms: none of "
              + issuer.algorithms()
              + " can be accepted for "
              + (issuer.isHmac() ? "an HMAC issuer" : "a JWKS issuer"));
    }
    return new AlgorithmPolicy(accepted);
  }

  /**
   * Checks a token's {@code alg}.
   *
   * @param alg the header's {@code alg}, {@code none} included
   * @throws Rejection when the issuer does not accept it
   */
  JWSAlgorithm check(String alg, String issuer) throws Rejection {
    for (JWSAlgorithm candidate : accepted) {
      if (candidate.getName().equals(alg)) {
        return candidate;
      }
    }
    throw new Rejection(Reasons.algorithmNotAccepted(alg, issuer, names));
  }

  /** The accepted algorithm names, in configuration order. */
  List<String> names() {
    return names;
  }
}
