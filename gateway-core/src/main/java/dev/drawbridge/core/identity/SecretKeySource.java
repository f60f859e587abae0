package dev.drawbridge.core.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import dev.drawbridge.config.IssuerConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The shared HMAC secret of an issuer such as Drawbridge itself; key ids are ignored. */
final class SecretKeySource implements KeySource {

  /** HS256 needs a secret of at least 256 bits (RFC 7518, section 3.2). */
  static final int MIN_SECRET_BYTES = 32;

  private final CompletableFuture<KeyLookup> found;

  private SecretKeySource(MACVerifier verifier) {
    this.found = CompletableFuture.completedFuture(new KeyLookup.Found(List.of(verifier)));
  }

  static SecretKeySource forIssuer(IssuerConfig issuer) {
    byte[] secret = secretBytes(issuer);
    try {
      return new SecretKeySource(new MACVerifier(secret));
    } catch (JOSEException e) {
      throw new IllegalArgumentException(
          "identity.issuers['" + issuer.issuer() + "'].hmacSecret: not usable as an HMAC key");
    }
  }

  /** The secret's bytes, checked for length; the message never contains the secret. */
  static byte[] secretBytes(IssuerConfig issuer) {
    byte[] secret = issuer.hmacSecret().reveal().getBytes(StandardCharsets.UTF_8);
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "identity.issuers['"
              + issuer.issuer()
              + "'].hmacSecret: must be at least "
              + MIN_SECRET_BYTES
              + " bytes (256 bits), e.g. from `openssl rand -hex 32`");
    }
    return secret;
  }

  @Override
  public CompletionStage<KeyLookup> lookup(JWSAlgorithm alg, String kid) {
    return found;
  }
}
