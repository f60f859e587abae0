package dev.drawbridge.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * What {@code approvals show} and {@code approvals list} print of a statement an agent wrote: never
 * a control character that would let the statement rewrite, on the approver's terminal, what they
 * read (erase its own line, move the cursor up over the table, hide text, reorder it).
 */
class ApprovalsTerminalTest {

  /** DELETE that, printed raw, erases itself and shows an UPDATE in its place. */
  static final String SPOOF =
      "delete from public.orders /*\r\u001b[2K\u001b[1Aupdate public.orders set note = 'typo'"
          + " where id = 1;\u001b[8m */\n-- line two \u202eesrever\u202c";

  static ObjectNode approval() {
    ObjectNode a = new ObjectMapper().createObjectNode();
    a.put("id", "ap-1");
    a.put("status", "pending");
    a.put("agent", "bot");
    a.put("subject", "bot");
    a.put("connection", "shop");
    a.put("action", "write");
    a.put("verb", "DELETE");
    a.putArray("resources").add("public.ord\u001b[8mers");
    a.put("statement", SPOOF);
    a.put("statementSha256", "00");
    a.put("grant", "g");
    a.put("reason", "r");
    a.put("requestedAt", "2026-11-24T12:00:00Z");
    a.put("deadline", "2026-11-24T12:05:00Z");
    return a;
  }

  @Test
  void showPrintsTheStatementsLinesWithItsControlCharactersEscaped() {
    StringWriter out = new StringWriter();
    ApprovalsCommand.describe(approval(), new PrintWriter(out, true));
    String printed = out.toString();
    assertThat(printed)
        .doesNotContain("\u001b", "\r", "\u202e", "\u202c")
        .contains("delete from public.orders /*\\u000d\\u001b[2K\\u001b[1Aupdate")
        .contains("\n-- line two \\u202eesrever\\u202c")
        .contains("public.ord\\u001b[8mers");
  }

  @Test
  void oneLineFieldsHaveNoLineBreaksAndNoEscapes() {
    assertThat(AnswerFields.text(approval(), "statement"))
        .doesNotContain("\u001b", "\r", "\n")
        .startsWith("delete from public.orders /* \\u001b[2K");
    assertThat(AuditEventText.printable("select 'ümlaut', '日本' \t-- ok", false))
        .isEqualTo("select 'ümlaut', '日本' \t-- ok");
  }
}
