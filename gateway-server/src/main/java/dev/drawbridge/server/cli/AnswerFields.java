package dev.drawbridge.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fields of the admin API's answers as the CLI's tables show them: on one line, with nothing an
 * agent wrote able to rewrite the terminal (see {@link AuditEventText#printable}), times short,
 * empty values as {@code -}.
 */
final class AnswerFields {

  private AnswerFields() {}

  /** A field on one line; empty when absent. */
  static String text(JsonNode node, String field) {
    return AuditEventText.text(node, field);
  }

  /** A field on one line, {@code -} when absent or empty. */
  static String orDash(JsonNode node, String field) {
    String text = text(node, field);
    return text.isEmpty() ? "-" : text;
  }

  /** A list of strings, comma-separated; {@code -} when empty. */
  static String strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(AuditEventText.printable(v.asText(), false)));
    return values.isEmpty() ? "-" : String.join(",", values);
  }

  /** An ISO-8601 time field, short; {@code -} when absent. */
  static String time(JsonNode node, String field) {
    String text = text(node, field);
    if (text.isEmpty()) {
      return "-";
    }
    try {
      return AuditEventText.shortTime(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return text;
    }
  }

  /** A grant's subject: {@code agent:NAME} or {@code group:NAME}. */
  static String subject(JsonNode subject) {
    if (subject.hasNonNull("agent")) {
      return "agent:" + text(subject, "agent");
    }
    if (subject.hasNonNull("group")) {
      return "group:" + text(subject, "group");
    }
    return "-";
  }
}
