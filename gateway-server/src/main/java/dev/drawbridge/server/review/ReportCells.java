package dev.drawbridge.server.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The report's figures as the text of one cell, shared by its Markdown and CSV renderings. */
public final class ReportCells {

  private ReportCells() {}

  /** The unused permissions in a few words: {@code read public.b; read public.* beyond used}. */
  public static String unused(JsonNode unused) {
    List<String> parts = new ArrayList<>();
    for (JsonNode u : unused) {
      String action = u.path("action").asText();
      if (!u.path("tables").isEmpty()) {
        parts.add(action + " " + join(u.path("tables"), " "));
      }
      if (!u.path("columns").isEmpty()) {
        parts.add(action + " columns " + join(u.path("columns"), " "));
      }
      if (!u.path("beyond").isEmpty()) {
        parts.add(action + " " + join(u.path("beyond"), " ") + " beyond the tables used");
      }
      if (u.path("tables").isEmpty() && u.path("columns").isEmpty() && u.path("beyond").isEmpty()) {
        parts.add(action);
      }
    }
    return parts.isEmpty() ? "none" : String.join("; ", parts);
  }

  /** An operation's resource: {@code (none)}, {@code function f} or the table. */
  static String resource(JsonNode op) {
    String kind = op.path("kind").asText();
    return kind.equals("none")
        ? "(none)"
        : kind.equals("function")
            ? "function " + op.path("resource").asText()
            : op.path("resource").asText();
  }

  /** The values of an array joined by {@code separator}; a string as it is. */
  static String join(JsonNode values, String separator) {
    if (values.isTextual()) {
      return values.asText();
    }
    List<String> parts = new ArrayList<>();
    values.forEach(v -> parts.add(v.asText()));
    return String.join(separator, parts);
  }

  /** A statement on one line, its spaces collapsed, cut at 120 characters. */
  static String oneLine(String text) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() > 120 ? line.substring(0, 120) + "…" : line;
  }
}
