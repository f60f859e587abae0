package dev.drawbridge.core.masking;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 under one key, truncated: the {@code hash} strategy. Safe for concurrent use: each
 * hash runs on a copy of a {@link Mac} initialized once.
 */
final class KeyedHash {

  static final String ALGORITHM = "HmacSHA256";

  /** 64 bits: collisions are negligible for joining and grouping, and the digest stays short. */
  static final int BYTES = 8;

  private static final HexFormat HEX = HexFormat.of();

  private final SecretKeySpec key;
  private final Mac initialized;

  KeyedHash(byte[] key) {
    this.key = new SecretKeySpec(key, ALGORITHM);
    this.initialized = newMac(this.key);
  }

  /**
   * The first {@link #BYTES} bytes of the HMAC of {@code value}'s UTF-8 bytes, in lowercase hex.
   */
  String hex(String value) {
    byte[] digest = mac().doFinal(value.getBytes(StandardCharsets.UTF_8));
    return HEX.formatHex(digest, 0, BYTES);
  }

  private Mac mac() {
    try {
      return (Mac) initialized.clone();
    } catch (CloneNotSupportedException e) {
      return newMac(key);
    }
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "KeyedHash[" + ALGORITHM + "]";
  }
}
