package dev.drawbridge.core.masking;

/**
 * IBANs: a country code from the IBAN registry, two check digits and the BBAN, exactly as long as
 * that country's IBANs are, letters in either case, written together ({@code
 * DE89370400440532013000}) or in groups of four separated by single spaces ({@code DE89 3704 0044
 * 0532 0130 00}), whose ISO 7064 mod-97 check gives 1. An IBAN must not touch another letter or
 * digit.
 */
final class IbanFinder implements Finder {

  /** Country codes and IBAN lengths, from the SWIFT IBAN registry (with dependent territories). */
  private static final String REGISTRY =
      "AD24 AE23 AL28 AT20 AX18 AZ28 BA20 BE16 BG22 BH22 BI27 BL27 BR29 BY28 CH21 CR22 CY28 CZ24"
          + " DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GF27 GG22 GI23 GL18"
          + " GP27 GR27 GT28 HR21 HU28 IE22 IL23 IM22 IQ23 IS26 IT27 JE22 JO30 KW30 KZ20 LB28 LC32"
          + " LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MF27 MK19 MN20 MQ27 MR27 MT31 MU30 NC27 NI28"
          + " NL18 NO15 OM23 PF27 PK24 PL28 PM27 PS29 PT25 QA29 RE27 RO24 RS22 RU33 SA24 SC31 SD18"
          + " SE24 SI19 SK24 SM27 SO23 ST25 SV28 TF27 TL23 TN24 TR26 UA29 VA22 VG24 WF27 XK20 YT27";

  private static final int MIN_LENGTH = 15;
  private static final int[] LENGTHS = lengths();

  @Override
  public long find(String value, int from) {
    int n = value.length();
    for (int i = from; i + MIN_LENGTH <= n; i++) {
      if (!Chars.isLetter(value.charAt(i))
          || !Chars.isLetter(value.charAt(i + 1))
          || !Chars.isDigit(value.charAt(i + 2))
          || !Chars.isDigit(value.charAt(i + 3))
          || Chars.alnumAt(value, i - 1)) {
        continue;
      }
      int length = LENGTHS[country(value.charAt(i), value.charAt(i + 1))];
      if (length == 0) {
        continue;
      }
      int end = compactEnd(value, i, length);
      if (end < 0) {
        end = groupedEnd(value, i, length);
      }
      if (end >= 0 && !Chars.alnumAt(value, end) && checksum(value, i, end) == 1) {
        return Spans.of(i, end);
      }
    }
    return Spans.NONE;
  }

  private static int compactEnd(String value, int start, int length) {
    int end = start + length;
    if (end > value.length()) {
      return -1;
    }
    for (int i = start + 4; i < end; i++) {
      if (!Chars.isAlnum(value.charAt(i))) {
        return -1;
      }
    }
    return end;
  }

  private static int groupedEnd(String value, int start, int length) {
    int p = start + 4;
    for (int count = 4; count < length; ) {
      if (count % 4 == 0) {
        if (p >= value.length() || value.charAt(p) != ' ') {
          return -1;
        }
        p++;
      }
      if (!Chars.alnumAt(value, p)) {
        return -1;
      }
      p++;
      count++;
    }
    return p;
  }

  /** ISO 7064 mod 97-10 over the BBAN followed by the country code and check digits. */
  static int checksum(String value, int start, int end) {
    int remainder = 0;
    for (int i = start + 4; i < end; i++) {
      remainder = accumulate(remainder, value.charAt(i));
    }
    for (int i = start; i < start + 4; i++) {
      remainder = accumulate(remainder, value.charAt(i));
    }
    return remainder;
  }

  private static int accumulate(int remainder, char c) {
    if (Chars.isDigit(c)) {
      return (remainder * 10 + (c - '0')) % 97;
    }
    if (Chars.isLetter(c)) {
      return (remainder * 100 + (Character.toUpperCase(c) - 'A' + 10)) % 97;
    }
    return remainder; // a group separator
  }

  private static int country(char first, char second) {
    return (Character.toUpperCase(first) - 'A') * 26 + (Character.toUpperCase(second) - 'A');
  }

  private static int[] lengths() {
    int[] lengths = new int[26 * 26];
    for (String entry : REGISTRY.split(" ")) {
      lengths[country(entry.charAt(0), entry.charAt(1))] = Integer.parseInt(entry.substring(2));
    }
    return lengths;
  }
}
