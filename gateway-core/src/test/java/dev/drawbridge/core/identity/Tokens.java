package dev.drawbridge.core.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Builds and signs test tokens. */
final class Tokens {

  private Tokens() {}

  /** Claims of a valid token for {@code support-bot}, issued now and valid for five minutes. */
  static JWTClaimsSet.Builder claims(String issuer, Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject("support-bot")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
  }

  static String sign(TestKeys key, JWTClaimsSet claims) {
    return sign(key.signer(), new JWSHeader.Builder(key.alg()).keyID(key.kid()).build(), claims);
  }

  static String hs256(byte[] secret, JWTClaimsSet claims) {
    try {
      return sign(new MACSigner(secret), new JWSHeader(JWSAlgorithm.HS256), claims);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hs256(String secret, JWTClaimsSet claims) {
    return hs256(secret.getBytes(StandardCharsets.UTF_8), claims);
  }

  static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /**
   * A token built by hand from raw JSON, as an attacker would: {@code header.payload.signature}.
   */
  static String raw(String headerJson, String payloadJson, String signature) {
    return Base64URL.encode(headerJson.getBytes(StandardCharsets.UTF_8))
        + "."
        + Base64URL.encode(payloadJson.getBytes(StandardCharsets.UTF_8))
        + "."
        + signature;
  }
}
