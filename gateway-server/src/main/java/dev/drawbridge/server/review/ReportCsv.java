package dev.drawbridge.server.review;

import static dev.drawbridge.server.review.ReportCells.join;
import static dev.drawbridge.server.review.ReportCells.resource;
import static dev.drawbridge.server.review.ReportCells.unused;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A campaign's report (its JSON, {@link ReviewReport}) rendered as CSV (RFC 4180): per agent, a
 * scope row, then one row per grant allowed, operation done, refusal and approval.
 */
public final class ReportCsv {

  private ReportCsv() {}

  /** The CSV header. */
  static final String CSV_HEADER =
      "campaign,agent,section,grant,connection,action,resource,columns,count,last,outcome,detail,"
          + "events";

  /** The report as CSV (RFC 4180): one row per figure, its event ids separated by spaces. */
  public static String render(JsonNode report) {
    StringBuilder csv = new StringBuilder(CSV_HEADER).append("\r\n");
    String campaign = report.path("campaign").asText();
    for (JsonNode agent : report.path("agents")) {
      String name = agent.path("agent").asText();
      scope(csv, campaign, name, agent);
      allowed(csv, campaign, name, agent);
      did(csv, campaign, name, agent);
      refused(csv, campaign, name, agent);
      approvals(csv, campaign, name, agent);
    }
    return csv.toString();
  }

  /** Whether the agent stayed within its approved scope, and why. */
  private static void scope(StringBuilder csv, String campaign, String name, JsonNode agent) {
    row(
        csv,
        campaign,
        name,
        "scope",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        agent.path("withinScope").asBoolean() ? "within" : "beyond",
        agent.path("scopeNote").asText(),
        "");
  }

  /** A row per grant it was allowed by: its use, recommendation and decision. */
  private static void allowed(StringBuilder csv, String campaign, String name, JsonNode agent) {
    for (JsonNode item : agent.path("allowed")) {
      row(
          csv,
          campaign,
          name,
          "allowed",
          item.path("grant").asText(),
          item.path("connection").asText(),
          "",
          "",
          "",
          Long.toString(item.path("operationCount").asLong()),
          item.path("lastUse").asText(""),
          item.path("recommendation").asText()
              + (item.path("decision").isNull() ? "" : "/" + item.path("decision").asText()),
          unused(item.path("unused")),
          join(item.path("lastUseEvent"), " ")
              + (item.path("decisionEvent").isMissingNode()
                  ? ""
                  : " " + item.path("decisionEvent").asText()));
    }
  }

  /** A row per operation it did, by grant, action and resource. */
  private static void did(StringBuilder csv, String campaign, String name, JsonNode agent) {
    for (JsonNode op : agent.path("did")) {
      row(
          csv,
          campaign,
          name,
          "did",
          op.path("grant").asText(),
          op.path("connection").asText(),
          op.path("action").asText(),
          resource(op),
          join(op.path("columns"), " "),
          Long.toString(op.path("count").asLong()),
          op.path("last").asText(),
          "allow",
          "",
          join(op.path("events"), " "));
    }
  }

  /** A row per operation it was refused. */
  private static void refused(StringBuilder csv, String campaign, String name, JsonNode agent) {
    for (JsonNode r : agent.path("refused").path("attempts")) {
      row(
          csv,
          campaign,
          name,
          "refused",
          "",
          r.path("connection").asText(),
          r.path("action").asText(),
          join(r.path("resources"), " "),
          "",
          "1",
          r.path("time").asText(),
          "deny",
          r.path("reason").asText(),
          r.path("event").asText());
    }
  }

  /** A row per approval it asked for. */
  private static void approvals(StringBuilder csv, String campaign, String name, JsonNode agent) {
    for (JsonNode a : agent.path("approvals").path("requests")) {
      row(
          csv,
          campaign,
          name,
          "approval",
          a.path("grant").asText(),
          a.path("connection").asText(),
          "",
          "",
          "",
          "1",
          a.path("requestedAt").asText(),
          a.path("outcome").isNull() ? "pending" : a.path("outcome").asText(),
          a.path("approval").asText(),
          a.path("requestEvent").asText()
              + (a.path("decisionEvent").isNull() ? "" : " " + a.path("decisionEvent").asText()));
    }
  }

  private static void row(StringBuilder csv, String... values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        csv.append(',');
      }
      String v = values[i] == null ? "" : values[i];
      if (v.indexOf(',') >= 0
          || v.indexOf('"') >= 0
          || v.indexOf('\n') >= 0
          || v.indexOf('\r') >= 0) {
        csv.append('"').append(v.replace("\"", "\"\"")).append('"');
      } else {
        csv.append(v);
      }
    }
    csv.append("\r\n");
  }
}
