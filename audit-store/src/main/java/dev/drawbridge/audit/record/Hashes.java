package dev.drawbridge.audit.record;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, as lower-case hex: how records, files and chains are hashed. */
public final class Hashes {

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(Hashes::newDigest);

  private Hashes() {}

  public static String sha256(byte[] bytes) {
    return sha256(bytes, 0, bytes.length);
  }

  public static String sha256(byte[] bytes, int offset, int length) {
    MessageDigest digest = SHA256.get();
    digest.update(bytes, offset, length);
    return HexFormat.of().formatHex(digest.digest());
  }

  /** A fresh digest, for hashing a stream. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
