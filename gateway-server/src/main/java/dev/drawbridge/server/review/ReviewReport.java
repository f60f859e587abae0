package dev.drawbridge.server.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.policy.review.Campaign;
import dev.drawbridge.policy.review.ReviewItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A campaign's report: for each agent, what it was allowed (its grants, their recommendations and
 * decisions), what it did, everything refused, every approval, and whether it stayed within its
 * approved scope; each figure with the audit event ids behind it. JSON is the report; Markdown and
 * CSV are renderings of it (the CLI renders them from the API's JSON).
 */
public final class ReviewReport {

  /** How an event id in a report is looked up. */
  public static final String TRACE =
      "select id, time, type, record from audit.events where id = any(:ids::uuid[]) order by time";

  private ReviewReport() {}

  static ObjectNode json(AccessReviews.View view) throws JsonProcessingException {
    Campaign campaign = view.campaign();
    ObjectNode report = AccessReviews.JSON.createObjectNode();
    report.put("campaign", campaign.name());
    ObjectNode window = report.putObject("window");
    window.put("from", campaign.windowStart().toString());
    window.put("to", campaign.windowEnd().toString());
    ObjectNode scope = report.putObject("scope");
    campaign.connections().forEach(scope.putArray("connections")::add);
    campaign.agents().forEach(scope.putArray("agents")::add);
    report.put("startedBy", campaign.startedBy());
    report.put("startedAt", campaign.startedAt().toString());
    report.put("trace", TRACE);
    List<ObjectNode> items = new ArrayList<>();
    for (ReviewItem item : view.items()) {
      items.add(item(item));
    }
    ArrayNode agents = report.putArray("agents");
    for (JsonNode evidence : AccessReviews.JSON.readTree(campaign.agentsJson())) {
      String agent = evidence.path("agent").asText();
      List<String> used = GrantJson.strings(evidence.path("grantsUsed"));
      ObjectNode json = agents.addObject();
      json.put("agent", agent);
      ArrayNode allowed = json.putArray("allowed");
      List<String> allowedIds = new ArrayList<>();
      for (ObjectNode item : items) {
        if (agent.equals(item.path("agent").asText(null))
            || used.contains(item.path("grant").asText())) {
          allowed.add(item);
          allowedIds.add(item.path("grant").asText());
        }
      }
      json.set("did", evidence.path("did"));
      json.put("operationCount", evidence.path("operationCount").asLong());
      json.set("refused", evidence.path("refused"));
      json.set("approvals", evidence.path("approvals"));
      long refused = evidence.path("refused").path("count").asLong();
      List<String> outside = used.stream().filter(g -> !allowedIds.contains(g)).toList();
      boolean within = refused == 0 && outside.isEmpty();
      json.put("withinScope", within);
      List<String> notes = new ArrayList<>();
      if (refused > 0) {
        notes.add(refused + " operation(s) beyond its grants were refused");
      }
      if (!outside.isEmpty()) {
        notes.add(
            "it used grant(s) "
                + String.join(", ", outside)
                + " that are not in this campaign (lapsed, revoked or removed since)");
      }
      json.put(
          "scopeNote",
          within
              ? "every operation it ran was allowed by its grants; none was refused"
              : String.join("; ", notes));
    }
    ArrayNode all = report.putArray("items");
    items.forEach(all::add);
    return report;
  }

  private static ObjectNode item(ReviewItem item) throws JsonProcessingException {
    JsonNode definition = AccessReviews.JSON.readTree(item.definitionJson());
    JsonNode evidence = AccessReviews.JSON.readTree(item.evidenceJson());
    JsonNode recommendation = AccessReviews.JSON.readTree(item.recommendationJson());
    ObjectNode json = AccessReviews.JSON.createObjectNode();
    json.put("grant", item.grantId());
    json.put("kind", item.kind());
    json.put("agent", definition.path("subject").path("agent").asText(null));
    json.put("group", definition.path("subject").path("group").asText(null));
    json.put("connection", definition.path("connection").asText());
    json.put("operationCount", evidence.path("operationCount").asLong());
    json.set("lastUse", evidence.path("lastUse"));
    json.set("lastUseEvent", evidence.path("lastUseEvent"));
    json.set("unused", AccessReviews.JSON.readTree(item.unusedJson()));
    json.put("recommendation", recommendation.path("kind").asText());
    if (item.decided().isPresent()) {
      json.put("decision", item.decision().decision());
      json.put("reviewer", item.decision().reviewer());
      json.put("decidedAt", item.decision().decidedAt().toString());
      json.put("applied", item.decision().applied());
      json.put("decisionEvent", item.decision().event());
    } else {
      json.putNull("decision");
    }
    return json;
  }

  /** The report as Markdown. */
  public static String markdown(JsonNode report) {
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
    return md.toString();
  }

  /** The CSV header. */
  static final String CSV_HEADER =
      "campaign,agent,section,grant,connection,action,resource,columns,count,last,outcome,detail,"
          + "events";

  /** The report as CSV (RFC 4180): one row per figure, its event ids separated by spaces. */
  public static String csv(JsonNode report) {
    StringBuilder csv = new StringBuilder(CSV_HEADER).append("\r\n");
    String campaign = report.path("campaign").asText();
    for (JsonNode agent : report.path("agents")) {
      String name = agent.path("agent").asText();
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
    return csv.toString();
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

  private static String resource(JsonNode op) {
    String kind = op.path("kind").asText();
    return kind.equals("none")
        ? "(none)"
        : kind.equals("function")
            ? "function " + op.path("resource").asText()
            : op.path("resource").asText();
  }

  private static String join(JsonNode values, String separator) {
    if (values.isTextual()) {
      return values.asText();
    }
    List<String> parts = new ArrayList<>();
    values.forEach(v -> parts.add(v.asText()));
    return String.join(separator, parts);
  }

  private static String ids(JsonNode events) {
    List<String> parts = new ArrayList<>();
    events.forEach(v -> parts.add("`" + v.asText() + "`"));
    return String.join(" ", parts);
  }

  private static String oneLine(String text) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() > 120 ? line.substring(0, 120) + "…" : line;
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  /** The format a report is asked for in: {@code json}, {@code md} or {@code csv}. */
  public static String format(String format) {
    String f = format == null ? "json" : format.toLowerCase(Locale.ROOT);
    return switch (f) {
      case "json", "md", "csv" -> f;
      case "markdown" -> "md";
      default -> throw new IllegalArgumentException("format must be json, md or csv");
    };
  }
}
