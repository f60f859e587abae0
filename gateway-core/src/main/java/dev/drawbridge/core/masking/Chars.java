package dev.drawbridge.core.masking;

/** ASCII character classes the finders share; letters and digits of other scripts are not ASCII. */
final class Chars {

  private Chars() {}

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  static boolean isLetter(char c) {
    return isUpper(c) || (c >= 'a' && c <= 'z');
  }

  static boolean isAlnum(char c) {
    return isLetter(c) || isDigit(c);
  }

  /** A letter or digit at {@code index}; {@code false} outside the value. */
  static boolean alnumAt(String value, int index) {
    return index >= 0 && index < value.length() && isAlnum(value.charAt(index));
  }

  /** A digit at {@code index}; {@code false} outside the value. */
  static boolean digitAt(String value, int index) {
    return index >= 0 && index < value.length() && isDigit(value.charAt(index));
  }
}
