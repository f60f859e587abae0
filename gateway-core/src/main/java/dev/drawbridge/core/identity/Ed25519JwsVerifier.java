package dev.drawbridge.core.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.Set;

/**
 * Verifies EdDSA (Ed25519) signatures with the JDK's own {@code Ed25519} provider, so that no extra
 * crypto library is needed (Nimbus's Ed25519 classes require Tink).
 */
final class Ed25519JwsVerifier implements JWSVerifier {

  /** The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410), before the key. */
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private static final int KEY_BYTES = 32;
  private static final int SIGNATURE_BYTES = 64;

  private final PublicKey publicKey;
  private final JCAContext jcaContext = new JCAContext();

  private Ed25519JwsVerifier(PublicKey publicKey) {
    this.publicKey = publicKey;
  }

  /**
   * A verifier for a raw 32-byte Ed25519 public key (a JWK's {@code x}).
   *
   * @throws JOSEException when the bytes are not an Ed25519 public key
   */
  static Ed25519JwsVerifier fromRawKey(byte[] x) throws JOSEException {
    if (x == null || x.length != KEY_BYTES) {
      throw new JOSEException("an Ed25519 public key has 32 bytes");
    }
    byte[] encoded = new byte[X509_PREFIX.length + KEY_BYTES];
    System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
    System.arraycopy(x, 0, encoded, X509_PREFIX.length, KEY_BYTES);
    try {
      return new Ed25519JwsVerifier(
          KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded)));
    } catch (GeneralSecurityException e) {
      throw new JOSEException("not an Ed25519 public key", e);
    }
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
  }

  @Override
  public JCAContext getJCAContext() {
    return jcaContext;
  }

  @Override
  public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature)
      throws JOSEException {
    if (!supportedJWSAlgorithms().contains(header.getAlgorithm())) {
      return false;
    }
    if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
      return false;
    }
    byte[] sig = signature.decode();
    if (sig.length != SIGNATURE_BYTES) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(publicKey);
      verifier.update(signingInput);
      return verifier.verify(sig);
    } catch (GeneralSecurityException e) {
      throw new JOSEException("Ed25519 verification failed", e);
    }
  }
}
