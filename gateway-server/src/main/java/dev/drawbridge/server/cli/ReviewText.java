package dev.drawbridge.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.server.review.ReportCells;
import java.io.PrintWriter;

/** The admin API's review answers as {@code drawbridge review} prints them for a terminal. */
final class ReviewText {

  private ReviewText() {}

  /** The campaigns, one row each. */
  static void campaigns(JsonNode answer, PrintWriter out) {
    AuditTable table = new AuditTable("NAME", "WINDOW", "STARTED BY", "STARTED");
    for (JsonNode r : answer.path("reviews")) {
      table.row(
          AnswerFields.text(r, "name"),
          AnswerFields.time(r, "windowStart") + " - " + AnswerFields.time(r, "windowEnd"),
          AnswerFields.text(r, "startedBy"),
          AnswerFields.time(r, "startedAt"));
    }
    table.print(out);
  }

  /** A campaign: a line of counts, then its items, one row each. */
  static void campaign(JsonNode answer, PrintWriter out) {
    out.println(
        "campaign "
            + answer.path("name").asText()
            + ": "
            + answer.path("items").size()
            + " item(s), "
            + answer.path("undecided").asLong()
            + " undecided");
    AuditTable table =
        new AuditTable(
            "GRANT",
            "KIND",
            "CONNECTION",
            "OPERATIONS",
            "LAST USE",
            "UNUSED",
            "RECOMMENDS",
            "DECISION");
    for (JsonNode item : answer.path("items")) {
      JsonNode evidence = item.path("evidence");
      table.row(
          item.path("grant").asText(),
          item.path("kind").asText(),
          item.path("definition").path("connection").asText(),
          Long.toString(evidence.path("operationCount").asLong()),
          evidence.path("lastUse").isNull() ? "never" : AnswerFields.time(evidence, "lastUse"),
          ReportCells.unused(item.path("unused")),
          item.path("recommendation").path("kind").asText(),
          item.path("decision").isNull() ? "-" : item.path("decision").path("decision").asText());
    }
    table.print(out);
  }

  /** What a decision on {@code grant} in campaign {@code name} did, and its audit event. */
  static String decided(JsonNode item, String name, String grant) {
    JsonNode d = item.path("decision");
    return d.path("decision").asText()
        + " "
        + grant
        + " in "
        + name
        + ": "
        + switch (d.path("applied").asText()) {
          case "in-force" -> "the run-time grant changed at once";
          case "patch" ->
              "the file's grant changes with the patch (drawbridge review patch " + name + ")";
          default -> "recorded";
        }
        + " (audit event "
        + d.path("event").asText()
        + ")";
  }
}
