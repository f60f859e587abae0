package dev.drawbridge.core.identity;

import com.nimbusds.jose.JWSVerifier;
import java.util.List;

/** What a {@link KeySource} found for a token's header. */
sealed interface KeyLookup {

  /**
   * Keys that may have signed the token; the token is valid if one of them verifies it.
   *
   * @param verifiers the candidates, possibly empty when the named key cannot verify this algorithm
   */
  record Found(List<JWSVerifier> verifiers) implements KeyLookup {
    public Found {
      verifiers = List.copyOf(verifiers);
    }
  }

  /** The token names a key id the issuer does not publish (even after a refresh). */
  record UnknownKeyId(String kid) implements KeyLookup {}

  /** The token names no key id and the issuer publishes no key for its algorithm. */
  record NoKeyForAlgorithm() implements KeyLookup {}

  /** The issuer's keys could not be fetched. */
  record Unavailable() implements KeyLookup {}
}
