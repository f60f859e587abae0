package dev.drawbridge.audit.record;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;

/**
 * Writes every string with U+0000 replaced by U+FFFD: PostgreSQL's {@code jsonb} cannot hold a NUL,
 * and one record the audit database refuses would stop shipping for good. (No value the gateway
 * records carries a NUL legitimately: PostgreSQL's protocol ends its strings with one.)
 */
final class NulFreeGenerator extends JsonGeneratorDelegate {

  NulFreeGenerator(JsonGenerator delegate) {
    super(delegate, false);
  }

  @Override
  public void writeString(String text) throws IOException {
    super.writeString(text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD'));
  }

  @Override
  public void writeStringField(String fieldName, String value) throws IOException {
    writeFieldName(fieldName);
    writeString(value);
  }
}
