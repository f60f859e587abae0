package dev.drawbridge.audit.query;

import dev.drawbridge.audit.record.CanonicalEncoding;
import java.io.IOException;
import java.io.Writer;

/**
 * Events as CSV (RFC 4180: CRLF line ends, a field quoted when it holds a comma, a quote or a line
 * break, quotes doubled), one row per event with the columns reviewers filter on. Values are
 * written as they are stored (verification says where a column disagrees with its record), never
 * rewritten.
 */
final class EventCsv {

  static final String HEADER =
      "id,time,chain,seq,type,session_id,agent,connection,action,decision,hash,prev_hash";

  private final Writer out;

  EventCsv(Writer out) throws IOException {
    this.out = out;
    out.write(HEADER);
    out.write("\r\n");
  }

  void row(StoredEvent event) throws IOException {
    CopiedColumns copied = event.copied();
    String[] fields = {
      event.id().toString(),
      CanonicalEncoding.time(event.time()),
      event.chain().toString(),
      Long.toString(event.seq()),
      event.type(),
      copied.session(),
      copied.agent(),
      copied.connection(),
      copied.action(),
      copied.decision(),
      event.hash(),
      event.prevHash()
    };
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(quote(fields[i]));
    }
    out.write("\r\n");
  }

  static String quote(String value) {
    if (value == null) {
      return "";
    }
    boolean plain = true;
    for (int i = 0; i < value.length() && plain; i++) {
      char c = value.charAt(i);
      plain = c != ',' && c != '"' && c != '\n' && c != '\r';
    }
    return plain ? value : '"' + value.replace("\"", "\"\"") + '"';
  }
}
