package dev.drawbridge.core.masking;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;

/**
 * JSON Web Tokens in compact form: three base64url segments joined by dots (five for an encrypted
 * token), the first of which decodes to a JSON object with an {@code alg} member. The signature
 * may be empty (an unsecured token). Only segments that start with {@code ey} (the encoding of
 * {@code {"} or <code>{ </code>) are decoded, so text without tokens costs a search.
 */
final class JwtFinder implements Finder {

  /** Headers are a few dozen bytes; a longer first segment is not looked into. */
  private static final int MAX_HEADER = 4096;

  private static final int MAX_SEGMENTS = 5;

  @Override
  public long find(String value, int from) {
    int n = value.length();
    for (int start = value.indexOf("ey", from);
        start >= 0;
        start = value.indexOf("ey", start + 1)) {
      if (start > 0 && isBase64Url(value.charAt(start - 1))) {
        continue;
      }
      int headerEnd = segmentEnd(value, start);
      if (headerEnd == n || value.charAt(headerEnd) != '.') {
        start = headerEnd - 1;
        continue;
      }
      int payloadEnd = segmentEnd(value, headerEnd + 1);
      if (payloadEnd == headerEnd + 1 || payloadEnd == n || value.charAt(payloadEnd) != '.') {
        start = headerEnd - 1;
        continue;
      }
      int end = segmentEnd(value, payloadEnd + 1);
      for (int segments = 3;
          segments < MAX_SEGMENTS
              && end + 1 < n
              && value.charAt(end) == '.'
              && isBase64Url(value.charAt(end + 1));
          segments++) {
        end = segmentEnd(value, end + 1);
      }
      if (headerNamesAlgorithm(value, start, headerEnd)) {
        return Spans.of(start, end);
      }
      start = headerEnd - 1;
    }
    return Spans.NONE;
  }

  private static int segmentEnd(String value, int start) {
    int end = start;
    while (end < value.length() && isBase64Url(value.charAt(end))) {
      end++;
    }
    return end;
  }

  private static boolean headerNamesAlgorithm(String value, int start, int end) {
    if (end - start > MAX_HEADER) {
      return false;
    }
    try {
      byte[] json = Base64.getUrlDecoder().decode(value.substring(start, end));
      return JSONObjectUtils.parse(new String(json, StandardCharsets.UTF_8)).containsKey("alg");
    } catch (IllegalArgumentException | ParseException e) {
      return false;
    }
  }

  private static boolean isBase64Url(char c) {
    return Chars.isAlnum(c) || c == '-' || c == '_';
  }
}
