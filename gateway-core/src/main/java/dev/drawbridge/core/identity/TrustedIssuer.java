package dev.drawbridge.core.identity;

import dev.drawbridge.config.IssuerConfig;

/**
 * A configured issuer, ready to verify tokens.
 *
 * @param config its configuration (audience, claim names)
 * @param algorithms the {@code alg} values it accepts
 * @param keys where its verification keys come from
 */
record TrustedIssuer(IssuerConfig config, AlgorithmPolicy algorithms, KeySource keys) {

  String name() {
    return config.issuer();
  }
}
