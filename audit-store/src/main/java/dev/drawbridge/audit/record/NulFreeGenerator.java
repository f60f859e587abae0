package dev.drawbridge.audit.record;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;

/**
 * Writes every string with U+0000 and lone surrogates replaced by U+FFFD: PostgreSQL's {@code
 * jsonb} can hold neither, and one record the audit database refuses would stop shipping for good.
 * (No value the gateway records carries a NUL legitimately: PostgreSQL's protocol ends its strings
 * with one.)
 */
final class NulFreeGenerator extends JsonGeneratorDelegate {

  NulFreeGenerator(JsonGenerator delegate) {
    super(delegate, false);
  }

  @Override
  public void writeString(String text) throws IOException {
    super.writeString(text == null || clean(text) ? text : cleaned(text));
  }

  private static boolean clean(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0 || Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** NUL and lone surrogates (which {@code jsonb} refuses too) become U+FFFD; pairs stay. */
  private static String cleaned(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else if (c == 0 || Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public void writeStringField(String fieldName, String value) throws IOException {
    writeFieldName(fieldName);
    writeString(value);
  }
}
