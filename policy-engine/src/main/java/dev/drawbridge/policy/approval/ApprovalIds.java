package dev.drawbridge.policy.approval;

import java.security.SecureRandom;

/**
 * Approval request ids: short enough to type ({@code ap-7k2m9q4xw3}), random enough that one cannot
 * be guessed (50 bits), in an alphabet without look-alike characters.
 */
final class ApprovalIds {

  private static final char[] ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz".toCharArray();
  private static final int LENGTH = 10;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApprovalIds() {}

  static String next() {
    char[] id = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return "ap-" + new String(id);
  }
}
