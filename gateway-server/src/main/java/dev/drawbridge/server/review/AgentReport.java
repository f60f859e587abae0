package dev.drawbridge.server.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One agent's part of a campaign's report: the items it was allowed by (its own grants and any it
 * used), what it did, was refused and had approved, and whether it stayed within its approved
 * scope, with a note that says why.
 */
final class AgentReport {

  private AgentReport() {}

  /**
   * Fills {@code json} from the agent's evidence as the campaign keeps it.
   *
   * @param items the campaign's items as the report shows them
   */
  static void add(ObjectNode json, JsonNode evidence, List<ObjectNode> items) {
    String agent = evidence.path("agent").asText();
    List<String> used = GrantJson.strings(evidence.path("grantsUsed"));
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
    json.put(
        "scopeNote",
        within
            ? "every operation it ran was allowed by its grants; none was refused"
            : beyond(refused, outside));
  }

  private static String beyond(long refused, List<String> outside) {
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
    return String.join("; ", notes);
  }
}
