package dev.drawbridge.core.masking;

/**
 * Payment card numbers: 13 to 19 digits that pass the Luhn check, written together or grouped with
 * single spaces or dashes (one kind per number), the first group of four digits and the others of
 * three to six. A number must not touch a letter or another digit, nor be the fraction or the
 * integer part of a decimal ({@code 0.4111111111111111}).
 *
 * <p>Digits and single separators form a run; a card is looked for in its groups, leftmost first
 * and longest at each start, so that {@code 555 1234 4111 1111 1111 1111} finds the card after the
 * phone number. A window never spans more than 19 digits, so the work stays linear.
 */
final class CardFinder implements Finder {

  private static final int MIN_DIGITS = 13;
  private static final int MAX_DIGITS = 19;

  @Override
  public long find(String value, int from) {
    int n = value.length();
    int i = from;
    // A previous card ended inside a run: the groups after it are still candidates.
    boolean resumed =
        from > 0
            && isSeparator(value, from)
            && Chars.digitAt(value, from - 1)
            && Chars.digitAt(value, from + 1);
    if (resumed) {
      i++;
    }
    while (i < n) {
      while (i < n && !Chars.isDigit(value.charAt(i))) {
        i++;
      }
      if (i == n) {
        return Spans.NONE;
      }
      int runStart = i;
      int runEnd = runEnd(value, runStart);
      boolean leftOk = (resumed && runStart == from + 1) || leftBoundary(value, runStart);
      resumed = false;
      long card = firstCard(value, runStart, runEnd, leftOk, rightBoundary(value, runEnd));
      if (card != Spans.NONE) {
        return card;
      }
      i = runEnd;
    }
    return Spans.NONE;
  }

  /** The end of the run of digits and single separators that starts at {@code start}. */
  private static int runEnd(String value, int start) {
    int n = value.length();
    int j = start;
    while (j < n) {
      if (Chars.isDigit(value.charAt(j))) {
        j++;
      } else if (isSeparator(value, j) && Chars.digitAt(value, j + 1)) {
        j += 2;
      } else {
        break;
      }
    }
    return j;
  }

  private static long firstCard(
      String value, int runStart, int runEnd, boolean leftOk, boolean rightOk) {
    for (int start = runStart; start < runEnd; start = nextGroup(value, start, runEnd)) {
      if (start == runStart && !leftOk) {
        continue;
      }
      long best = Spans.NONE;
      int digits = 0;
      int groups = 0;
      char separator = 0;
      boolean shaped = true;
      int groupStart = start;
      for (int j = start; j <= runEnd && digits <= MAX_DIGITS; j++) {
        if (j < runEnd && Chars.isDigit(value.charAt(j))) {
          digits++;
          continue;
        }
        // a group ends at j
        int size = j - groupStart;
        groups++;
        shaped &= groups == 1 ? size == 4 : size >= 3 && size <= 6;
        boolean single = groups == 1;
        if (digits >= MIN_DIGITS
            && digits <= MAX_DIGITS
            && (single || shaped)
            && (j < runEnd || rightOk)
            && luhn(value, start, j)) {
          best = Spans.of(start, j);
        }
        if (j == runEnd) {
          break;
        }
        char c = value.charAt(j);
        if (separator != 0 && c != separator) {
          break;
        }
        separator = c;
        groupStart = j + 1;
      }
      if (best != Spans.NONE) {
        return best;
      }
    }
    return Spans.NONE;
  }

  private static int nextGroup(String value, int start, int runEnd) {
    int j = start;
    while (j < runEnd && Chars.isDigit(value.charAt(j))) {
      j++;
    }
    return j + 1;
  }

  static boolean luhn(String value, int start, int end) {
    int sum = 0;
    boolean twice = false;
    for (int i = end - 1; i >= start; i--) {
      char c = value.charAt(i);
      if (!Chars.isDigit(c)) {
        continue;
      }
      int d = c - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  private static boolean isSeparator(String value, int index) {
    if (index < 0 || index >= value.length()) {
      return false;
    }
    char c = value.charAt(index);
    return c == ' ' || c == '-';
  }

  private static boolean leftBoundary(String value, int start) {
    if (start == 0) {
      return true;
    }
    char before = value.charAt(start - 1);
    return !Chars.isAlnum(before) && !(before == '.' && Chars.digitAt(value, start - 2));
  }

  private static boolean rightBoundary(String value, int end) {
    if (end == value.length()) {
      return true;
    }
    char after = value.charAt(end);
    return !Chars.isAlnum(after) && !(after == '.' && Chars.digitAt(value, end + 1));
  }
}
