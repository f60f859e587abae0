package dev.drawbridge.server.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.policy.review.Campaign;
import dev.drawbridge.policy.review.ReviewItem;
import java.util.ArrayList;
import java.util.List;

/**
 * A campaign's report: for each agent, what it was allowed (its grants, their recommendations and
 * decisions), what it did, everything refused, every approval, and whether it stayed within its
 * approved scope; each figure with the audit event ids behind it. JSON is the report; Markdown and
 * CSV are renderings of it ({@link ReportMarkdown}, {@link ReportCsv}; the CLI renders them from
 * the API's JSON). This assembles the campaign's part; {@link AgentReport} and {@link ReportItem}
 * the agents' and the items'.
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
      items.add(ReportItem.json(item));
    }
    ArrayNode agents = report.putArray("agents");
    for (JsonNode evidence : AccessReviews.JSON.readTree(campaign.agentsJson())) {
      AgentReport.add(agents.addObject(), evidence, items);
    }
    ArrayNode all = report.putArray("items");
    items.forEach(all::add);
    return report;
  }
}
