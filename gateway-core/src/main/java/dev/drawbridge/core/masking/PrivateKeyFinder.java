package dev.drawbridge.core.masking;

/**
 * PEM private key blocks: from {@code -----BEGIN <label>-----}, where the label names a private key
 * ({@code PRIVATE KEY}, {@code RSA PRIVATE KEY}, {@code OPENSSH PRIVATE KEY}, {@code ENCRYPTED
 * PRIVATE KEY}, {@code PGP PRIVATE KEY BLOCK}, …), through the matching {@code -----END
 * <label>-----}. A block whose end is missing (a truncated value) runs to the end of the value:
 * what follows a BEGIN line is key material.
 */
final class PrivateKeyFinder implements Finder {

  private static final String BEGIN = "-----BEGIN ";
  private static final String DASHES = "-----";
  private static final String PRIVATE_KEY = "PRIVATE KEY";
  private static final int MAX_LABEL = 64;

  @Override
  public long find(String value, int from) {
    int n = value.length();
    for (int begin = value.indexOf(BEGIN, from);
        begin >= 0;
        begin = value.indexOf(BEGIN, begin + 1)) {
      int labelStart = begin + BEGIN.length();
      int labelEnd = labelStart;
      while (labelEnd < n && labelEnd - labelStart < MAX_LABEL && isLabel(value.charAt(labelEnd))) {
        labelEnd++;
      }
      if (value.startsWith(DASHES, labelEnd) && namesPrivateKey(value, labelStart, labelEnd)) {
        String end = "-----END " + value.substring(labelStart, labelEnd) + DASHES;
        int endAt = value.indexOf(end, labelEnd + DASHES.length());
        return Spans.of(begin, endAt < 0 ? n : endAt + end.length());
      }
    }
    return Spans.NONE;
  }

  private static boolean isLabel(char c) {
    return Chars.isUpper(c) || Chars.isDigit(c) || c == ' ';
  }

  private static boolean namesPrivateKey(String value, int start, int end) {
    for (int i = start; i + PRIVATE_KEY.length() <= end; i++) {
      if (value.startsWith(PRIVATE_KEY, i)) {
        return true;
      }
    }
    return false;
  }
}
