package dev.drawbridge.server.admin.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.policy.review.Campaign;
import dev.drawbridge.policy.review.ReviewItem;
import dev.drawbridge.server.review.AccessReviews;

/** Access review campaigns and their items as the admin API answers them. */
final class ReviewViews {

  private ReviewViews() {}

  /** A campaign without its items, as the list shows it. */
  static ObjectNode campaign(Campaign campaign) {
    ObjectNode json = ApiJson.mapper().createObjectNode();
    json.put("name", campaign.name());
    campaign.connections().forEach(json.putArray("connections")::add);
    campaign.agents().forEach(json.putArray("agents")::add);
    json.put("windowStart", ApiJson.time(campaign.windowStart()));
    json.put("windowEnd", ApiJson.time(campaign.windowEnd()));
    json.put("startedBy", campaign.startedBy());
    json.put("startedAt", ApiJson.time(campaign.startedAt()));
    return json;
  }

  /** A campaign with its items and how many are undecided. */
  static JsonNode view(AccessReviews.View view) {
    ObjectNode json = campaign(view.campaign());
    ArrayNode items = json.putArray("items");
    long undecided = 0;
    for (ReviewItem item : view.items()) {
      items.add(item(item));
      undecided += item.decided().isEmpty() ? 1 : 0;
    }
    json.put("undecided", undecided);
    return json;
  }

  /** An item whole: its grant, evidence, recommendation and decision. */
  static ObjectNode item(ReviewItem item) {
    ObjectNode json = ApiJson.mapper().createObjectNode();
    json.put("campaign", item.campaign());
    json.put("grant", item.grantId());
    json.put("kind", item.kind());
    try {
      json.set("definition", ApiJson.mapper().readTree(item.definitionJson()));
      if (item.expiresAt() != null) {
        json.put("expiresAt", ApiJson.time(item.expiresAt()));
      }
      json.set("evidence", ApiJson.mapper().readTree(item.evidenceJson()));
      json.set("unused", ApiJson.mapper().readTree(item.unusedJson()));
      json.set("recommendation", ApiJson.mapper().readTree(item.recommendationJson()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored review item does not read as JSON", e);
    }
    if (item.decided().isEmpty()) {
      json.putNull("decision");
    } else {
      ObjectNode decision = json.putObject("decision");
      decision.put("decision", item.decision().decision());
      decision.put("reviewer", item.decision().reviewer());
      decision.put("decidedAt", ApiJson.time(item.decision().decidedAt()));
      decision.put("reason", item.decision().reason());
      if (item.decision().until() != null) {
        decision.put("until", ApiJson.time(item.decision().until()));
      }
      decision.put("applied", item.decision().applied());
      decision.put("event", item.decision().event());
    }
    return json;
  }
}
