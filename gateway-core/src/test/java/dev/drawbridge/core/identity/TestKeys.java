package dev.drawbridge.core.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.text.ParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A signing key for tests: its public JWK (what a JWKS publishes) and a signer for its algorithm.
 */
record TestKeys(JWK publicJwk, JWSSigner signer, JWSAlgorithm alg) {

  static TestKeys rsa(String kid) {
    try {
      RSAKey key = new RSAKeyGenerator(2048).keyID(kid).generate();
      return new TestKeys(key.toPublicJWK(), new RSASSASigner(key), JWSAlgorithm.RS256);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static TestKeys ec(String kid) {
    try {
      ECKey key = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
      return new TestKeys(key.toPublicJWK(), new ECDSASigner(key), JWSAlgorithm.ES256);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static TestKeys ed25519(String kid) {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] encoded = pair.getPublic().getEncoded();
      byte[] x = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
      OctetKeyPair jwk =
          new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).keyID(kid).build();
      return new TestKeys(jwk, new JdkEd25519Signer(pair.getPrivate()), JWSAlgorithm.EdDSA);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same key pair under another key id, e.g. to make tokens that name a key not published. */
  TestKeys withKid(String kid) {
    Map<String, Object> json = new HashMap<>(publicJwk.toJSONObject());
    json.put("kid", kid);
    try {
      return new TestKeys(JWK.parse(json), signer, alg);
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  String kid() {
    return publicJwk.getKeyID();
  }

  static String jwks(TestKeys... keys) {
    return new JWKSet(Arrays.stream(keys).map(TestKeys::publicJwk).toList()).toString();
  }

  static String jwks(List<TestKeys> keys) {
    return jwks(keys.toArray(TestKeys[]::new));
  }
}
