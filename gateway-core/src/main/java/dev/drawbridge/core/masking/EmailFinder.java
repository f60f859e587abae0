package dev.drawbridge.core.masking;

/**
 * E-mail addresses: a local part of letters, digits and {@code . _ % + -}, an {@code @}, and a
 * domain of at least two dot-separated labels (letters, digits, {@code -}) whose last label has at
 * least two letters only. Each character is looked at a bounded number of times: the runs around
 * one {@code @} stop at the next.
 */
final class EmailFinder implements Finder {

  @Override
  public long find(String value, int from) {
    int n = value.length();
    for (int at = value.indexOf('@', from); at >= 0; at = value.indexOf('@', at + 1)) {
      int start = at;
      while (start > from && isLocal(value.charAt(start - 1))) {
        start--;
      }
      while (start < at && value.charAt(start) == '.') {
        start++;
      }
      int end = at + 1;
      while (end < n && isDomain(value.charAt(end))) {
        end++;
      }
      while (end > at + 1 && (value.charAt(end - 1) == '.' || value.charAt(end - 1) == '-')) {
        end--;
      }
      if (start < at && isHostName(value, at + 1, end)) {
        return Spans.of(start, end);
      }
    }
    return Spans.NONE;
  }

  private static boolean isLocal(char c) {
    return Chars.isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  private static boolean isDomain(char c) {
    return Chars.isAlnum(c) || c == '.' || c == '-';
  }

  /** Two or more non-empty labels, the last of two or more letters. */
  private static boolean isHostName(String value, int start, int end) {
    int labels = 0;
    int labelStart = start;
    boolean lettersOnly = true;
    for (int i = start; i <= end; i++) {
      if (i == end || value.charAt(i) == '.') {
        if (i == labelStart) {
          return false;
        }
        labels++;
        if (i == end) {
          return labels >= 2 && lettersOnly && i - labelStart >= 2;
        }
        labelStart = i + 1;
        lettersOnly = true;
      } else if (!Chars.isLetter(value.charAt(i))) {
        lettersOnly = false;
      }
    }
    return false;
  }
}
