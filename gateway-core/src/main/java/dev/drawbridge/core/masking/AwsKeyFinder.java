package dev.drawbridge.core.masking;

/**
 * AWS access key ids: {@code AKIA} (long-term) or {@code ASIA} (temporary) and 16 uppercase letters
 * or digits, 20 characters that do not touch another letter or digit.
 */
final class AwsKeyFinder implements Finder {

  private static final int LENGTH = 20;

  @Override
  public long find(String value, int from) {
    int n = value.length();
    for (int i = value.indexOf('A', from); i >= 0; i = value.indexOf('A', i + 1)) {
      int end = i + LENGTH;
      if (end > n) {
        return Spans.NONE;
      }
      if ((value.startsWith("AKIA", i) || value.startsWith("ASIA", i))
          && !Chars.alnumAt(value, i - 1)
          && !Chars.alnumAt(value, end)
          && upperAlnum(value, i + 4, end)) {
        return Spans.of(i, end);
      }
    }
    return Spans.NONE;
  }

  private static boolean upperAlnum(String value, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = value.charAt(i);
      if (!Chars.isUpper(c) && !Chars.isDigit(c)) {
        return false;
      }
    }
    return true;
  }
}
