package dev.drawbridge.core.masking;

/**
 * US social security numbers written {@code AAA-GG-SSSS}, except those never issued: area {@code
 * 000}, {@code 666} or {@code 900}–{@code 999}, group {@code 00}, serial {@code 0000}. The number
 * must not touch a letter or digit, nor continue with another dash and digit ({@code 1-123-45-6789}
 * and {@code 123-45-6789-1} are something else).
 */
final class SsnFinder implements Finder {

  private static final int LENGTH = 11;

  @Override
  public long find(String value, int from) {
    int n = value.length();
    for (int dash = value.indexOf('-', from + 3); dash >= 0; dash = value.indexOf('-', dash + 1)) {
      int start = dash - 3;
      int end = start + LENGTH;
      if (end > n) {
        return Spans.NONE;
      }
      if (shaped(value, start) && bounded(value, start, end) && issued(value, start)) {
        return Spans.of(start, end);
      }
    }
    return Spans.NONE;
  }

  private static boolean shaped(String value, int start) {
    for (int i = 0; i < LENGTH; i++) {
      char c = value.charAt(start + i);
      boolean ok = i == 3 || i == 6 ? c == '-' : Chars.isDigit(c);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean bounded(String value, int start, int end) {
    boolean left =
        start == 0
            || !Chars.isAlnum(value.charAt(start - 1))
                && !(value.charAt(start - 1) == '-' && Chars.digitAt(value, start - 2));
    boolean right =
        end == value.length()
            || !Chars.isAlnum(value.charAt(end))
                && !(value.charAt(end) == '-' && Chars.digitAt(value, end + 1));
    return left && right;
  }

  private static boolean issued(String value, int start) {
    int area = number(value, start, 3);
    int group = number(value, start + 4, 2);
    int serial = number(value, start + 7, 4);
    return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
  }

  private static int number(String value, int start, int digits) {
    int result = 0;
    for (int i = start; i < start + digits; i++) {
      result = result * 10 + (value.charAt(i) - '0');
    }
    return result;
  }
}
