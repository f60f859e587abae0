package dev.drawbridge.server.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.policy.review.ReviewItem;

/**
 * One item as a campaign's report shows it: the grant, its use, what went unused, the
 * recommendation and the decision with its audit event.
 */
final class ReportItem {

  private ReportItem() {}

  static ObjectNode json(ReviewItem item) throws JsonProcessingException {
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
}
