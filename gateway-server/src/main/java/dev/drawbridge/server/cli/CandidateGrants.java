package dev.drawbridge.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.RuleConfig;
import java.util.List;

/** A candidate configuration's grants as the admin API's simulation reads them. */
final class CandidateGrants {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CandidateGrants() {}

  static ArrayNode json(List<GrantConfig> grants) {
    ArrayNode array = NODES.arrayNode();
    for (GrantConfig grant : grants) {
      ObjectNode json = array.addObject();
      json.put("id", grant.id());
      ObjectNode subject = json.putObject("subject");
      if (grant.subject().agent() != null) {
        subject.put("agent", grant.subject().agent());
      }
      if (grant.subject().group() != null) {
        subject.put("group", grant.subject().group());
      }
      json.put("connection", grant.connection());
      rules(json.putArray("allow"), grant.allow());
      rules(json.putArray("review"), grant.review());
      rules(json.putArray("deny"), grant.deny());
      if (grant.limits().rowsPerStatement() != null) {
        json.putObject("limits").put("rowsPerStatement", grant.limits().rowsPerStatement());
      }
      json.put("owner", grant.owner());
      json.put("reason", grant.reason());
      if (grant.expires() != null) {
        json.put("expires", grant.expires().toString());
      }
    }
    return array;
  }

  private static void rules(ArrayNode array, List<RuleConfig> rules) {
    for (RuleConfig rule : rules) {
      ObjectNode json = array.addObject();
      rule.actions().forEach(json.putArray("actions")::add);
      rule.tables().forEach(json.putArray("tables")::add);
      rule.columns().forEach(json.putArray("columns")::add);
      if (rule.timeout() != null) {
        json.put("timeout", rule.timeout().toMillis() + "ms");
      }
    }
  }
}
