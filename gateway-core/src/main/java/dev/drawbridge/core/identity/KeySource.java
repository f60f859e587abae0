package dev.drawbridge.core.identity;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.concurrent.CompletionStage;

/**
 * Where an issuer's verification keys come from: a shared secret ({@link SecretKeySource}) or a
 * JWKS ({@link JwksKeySource}). A lookup never blocks the caller.
 */
sealed interface KeySource extends AutoCloseable permits SecretKeySource, JwksKeySource {

  /**
   * The keys that may verify a token.
   *
   * @param alg the token's algorithm, already accepted by the issuer's {@link AlgorithmPolicy}
   * @param kid the token's {@code kid} header, or {@code null}
   */
  CompletionStage<KeyLookup> lookup(JWSAlgorithm alg, String kid);

  @Override
  default void close() {}
}
