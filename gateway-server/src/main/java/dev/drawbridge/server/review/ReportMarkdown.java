package dev.drawbridge.server.review;

import static dev.drawbridge.server.review.ReportCells.join;
import static dev.drawbridge.server.review.ReportCells.oneLine;
import static dev.drawbridge.server.review.ReportCells.resource;
import static dev.drawbridge.server.review.ReportCells.unused;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A campaign's report (its JSON, {@link ReviewReport}) rendered as Markdown: per agent, whether it
 * stayed within its approved scope, then tables of what it was allowed, did, was refused and had
 * approved, each row with its audit event ids.
 */
public final class ReportMarkdown {

  private ReportMarkdown() {}

  /** The report as Markdown. */
  public static String render(JsonNode report) {
    StringBuilder md = new StringBuilder();
    md.append("# Access review ").append(report.path("campaign").asText()).append("\n\n");
    md.append("Window ")
        .append(report.path("window").path("from").asText())
        .append(" to ")
        .append(report.path("window").path("to").asText())
        .append("; started by ")
        .append(report.path("startedBy").asText())
        .append(". Every figure lists the audit event ids behind it: `")
        .append(report.path("trace").asText())
        .append("`.\n");
    for (JsonNode agent : report.path("agents")) {
      md.append("\n## Agent ").append(agent.path("agent").asText()).append("\n\n");
      md.append("**Within its approved scope: ")
          .append(agent.path("withinScope").asBoolean() ? "yes" : "no")
          .append("** (")
          .append(agent.path("scopeNote").asText())
          .append(")\n\n");
      allowed(md, agent);
      did(md, agent);
      refused(md, agent);
      approvals(md, agent);
    }
    return md.toString();
  }

  /** The grants it was allowed by, with their use, recommendation and decision. */
  private static void allowed(StringBuilder md, JsonNode agent) {
    md.append("### Allowed\n\n");
    md.append("| grant | kind | connection | operations | last use | unused | recommendation |")
        .append(" decision |\n|---|---|---|---|---|---|---|---|\n");
    for (JsonNode item : agent.path("allowed")) {
      md.append("| ")
          .append(cell(item.path("grant").asText()))
          .append(" | ")
          .append(item.path("kind").asText())
          .append(" | ")
          .append(cell(item.path("connection").asText()))
          .append(" | ")
          .append(item.path("operationCount").asLong())
          .append(" | ")
          .append(item.path("lastUse").isNull() ? "never" : item.path("lastUse").asText())
          .append(
              item.path("lastUseEvent").isNull()
                  ? ""
                  : " (`" + item.path("lastUseEvent").asText() + "`)")
          .append(" | ")
          .append(cell(unused(item.path("unused"))))
          .append(" | ")
          .append(item.path("recommendation").asText())
          .append(" | ")
          .append(decision(item))
          .append(" |\n");
    }
  }

  /** What it did, by grant, action and resource. */
  private static void did(StringBuilder md, JsonNode agent) {
    md.append("\n### Did (")
        .append(agent.path("operationCount").asLong())
        .append(" operations)\n\n");
    md.append("| grant | connection | action | resource | columns | count | last | events |\n")
        .append("|---|---|---|---|---|---|---|---|\n");
    for (JsonNode op : agent.path("did")) {
      md.append("| ")
          .append(cell(op.path("grant").asText()))
          .append(" | ")
          .append(cell(op.path("connection").asText()))
          .append(" | ")
          .append(op.path("action").asText())
          .append(" | ")
          .append(cell(resource(op)))
          .append(" | ")
          .append(cell(join(op.path("columns"), ", ")))
          .append(" | ")
          .append(op.path("count").asLong())
          .append(" | ")
          .append(op.path("last").asText())
          .append(" | ")
          .append(ids(op.path("events")))
          .append(" |\n");
    }
  }

  /** What it was refused. */
  private static void refused(StringBuilder md, JsonNode agent) {
    md.append("\n### Refused (")
        .append(agent.path("refused").path("count").asLong())
        .append(")\n\n");
    md.append("| time | connection | action | resources | reason | statement | event |\n")
        .append("|---|---|---|---|---|---|---|\n");
    for (JsonNode r : agent.path("refused").path("attempts")) {
      md.append("| ")
          .append(r.path("time").asText())
          .append(" | ")
          .append(cell(r.path("connection").asText()))
          .append(" | ")
          .append(r.path("action").asText())
          .append(" | ")
          .append(cell(join(r.path("resources"), ", ")))
          .append(" | ")
          .append(cell(r.path("reason").asText()))
          .append(" | ")
          .append(cell(oneLine(r.path("statement").asText())))
          .append(" | `")
          .append(r.path("event").asText())
          .append("` |\n");
    }
  }

  /** What it asked approval for. */
  private static void approvals(StringBuilder md, JsonNode agent) {
    md.append("\n### Approvals (")
        .append(agent.path("approvals").path("requested").asLong())
        .append(" requested, ")
        .append(agent.path("approvals").path("approved").asLong())
        .append(" approved)\n\n");
    md.append("| request | grant | outcome | approver | temporary grant | statement | events |\n")
        .append("|---|---|---|---|---|---|---|\n");
    for (JsonNode a : agent.path("approvals").path("requests")) {
      md.append("| ")
          .append(cell(a.path("approval").asText()))
          .append(" | ")
          .append(cell(a.path("grant").asText()))
          .append(" | ")
          .append(a.path("outcome").isNull() ? "pending" : a.path("outcome").asText())
          .append(" | ")
          .append(cell(a.path("approver").asText("")))
          .append(" | ")
          .append(cell(a.path("temporaryGrant").asText("")))
          .append(" | ")
          .append(cell(oneLine(a.path("statement").asText(""))))
          .append(" | `")
          .append(a.path("requestEvent").asText())
          .append(
              a.path("decisionEvent").isNull()
                  ? "`"
                  : "` `" + a.path("decisionEvent").asText() + "`")
          .append(" |\n");
    }
  }

  private static String decision(JsonNode item) {
    if (item.path("decision").isNull()) {
      return "undecided";
    }
    return item.path("decision").asText()
        + " by "
        + item.path("reviewer").asText()
        + " ("
        + item.path("applied").asText()
        + ", `"
        + item.path("decisionEvent").asText()
        + "`)";
  }

  private static String ids(JsonNode events) {
    List<String> parts = new ArrayList<>();
    events.forEach(v -> parts.add("`" + v.asText() + "`"));
    return String.join(" ", parts);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
