package dev.drawbridge.server.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.policy.review.ItemDecision;
import dev.drawbridge.policy.review.ReviewItem;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What a campaign's decisions change in the configuration file's {@code grants}, as a YAML patch
 * keyed by grant id: {@code remove} (revoke), {@code replace} (narrow: the whole entry as it should
 * now read) and {@code set} (extend: the keys to change). Run-time grants changed at once and are
 * not in it. Every string is written as a JSON string, which YAML reads the same.
 *
 * @param yaml the patch
 * @param changes the same, one JSON object per change
 */
public record GrantsPatch(String yaml, ArrayNode changes) {

  static GrantsPatch of(AccessReviews.View view) throws JsonProcessingException {
    ArrayNode changes = AccessReviews.JSON.createArrayNode();
    StringBuilder remove = new StringBuilder();
    StringBuilder replace = new StringBuilder();
    StringBuilder set = new StringBuilder();
    for (ReviewItem item : view.items()) {
      if (item.temporary() || item.decided().isEmpty()) {
        continue;
      }
      ItemDecision decision = item.decision();
      String why =
          "  # "
              + decision.decision()
              + " by "
              + decision.reviewer()
              + " at "
              + decision.decidedAt()
              + ", audit event "
              + decision.event()
              + (decision.reason().isEmpty() ? "" : ": " + oneLine(decision.reason()))
              + "\n";
      ObjectNode change = changes.addObject();
      change.put("grant", item.grantId());
      change.put("decision", decision.decision());
      change.put("reviewer", decision.reviewer());
      change.put("decidedAt", decision.decidedAt().toString());
      change.put("event", decision.event());
      switch (decision.decision()) {
        case "revoke" -> {
          change.put("change", "remove");
          remove.append(why).append("  - id: ").append(q(item.grantId())).append('\n');
        }
        case "narrow" -> {
          JsonNode narrowed = AccessReviews.JSON.readTree(item.recommendationJson()).path("grant");
          GrantConfig grant = GrantJson.read(narrowed);
          change.put("change", "replace");
          change.set("with", narrowed);
          replace.append(why).append(entry(grant));
        }
        case "extend" -> {
          LocalDate last = LocalDate.ofInstant(decision.until().minusNanos(1), ZoneOffset.UTC);
          change.put("change", "set");
          change.putObject("set").put("expires", last.toString());
          set.append(why)
              .append("  - { id: ")
              .append(q(item.grantId()))
              .append(", expires: ")
              .append(last)
              .append(" }\n");
        }
        default -> changes.remove(changes.size() - 1);
      }
    }
    StringBuilder yaml = new StringBuilder();
    yaml.append("# Access review ")
        .append(view.campaign().name())
        .append(": changes to the configuration file's grants, by grant id.\n")
        .append("# remove: delete the grant's entry; replace: put this entry in its place;\n")
        .append(
            "# set: change these keys of the entry. Then restart the gateway(s) with the file.\n")
        .append("# Run-time grants the campaign decided changed at once and are not listed.\n");
    section(yaml, "remove", remove);
    section(yaml, "replace", replace);
    section(yaml, "set", set);
    return new GrantsPatch(yaml.toString(), changes);
  }

  private static void section(StringBuilder yaml, String name, StringBuilder body) {
    yaml.append(name).append(':');
    if (body.isEmpty()) {
      yaml.append(" []\n");
    } else {
      yaml.append('\n').append(body);
    }
  }

  /** A grant as an entry of the file's {@code grants} list, indented under a section. */
  static String entry(GrantConfig grant) {
    StringBuilder out = new StringBuilder();
    out.append("  - id: ").append(q(grant.id())).append('\n');
    if (grant.subject() != null && grant.subject().agent() != null) {
      out.append("    subject: { agent: ").append(q(grant.subject().agent())).append(" }\n");
    } else if (grant.subject() != null && grant.subject().group() != null) {
      out.append("    subject: { group: ").append(q(grant.subject().group())).append(" }\n");
    }
    out.append("    connection: ").append(q(grant.connection())).append('\n');
    rules(out, "allow", grant.allow());
    rules(out, "review", grant.review());
    rules(out, "deny", grant.deny());
    if (grant.limits().rowsPerStatement() != null) {
      out.append("    limits: { rowsPerStatement: ")
          .append(grant.limits().rowsPerStatement())
          .append(" }\n");
    }
    if (grant.owner() != null) {
      out.append("    owner: ").append(q(grant.owner())).append('\n');
    }
    if (grant.reason() != null) {
      out.append("    reason: ").append(q(grant.reason())).append('\n');
    }
    if (grant.expires() != null) {
      out.append("    expires: ").append(grant.expires()).append('\n');
    }
    return out.toString();
  }

  private static void rules(StringBuilder out, String name, List<RuleConfig> rules) {
    if (rules.isEmpty()) {
      if (name.equals("allow")) {
        out.append("    allow: []\n");
      }
      return;
    }
    out.append("    ").append(name).append(":\n");
    for (RuleConfig rule : rules) {
      out.append("      - { actions: ").append(list(rule.actions()));
      if (!rule.tables().isEmpty()) {
        out.append(", tables: ").append(list(rule.tables()));
      }
      if (!rule.columns().isEmpty()) {
        out.append(", columns: ").append(list(rule.columns()));
      }
      if (rule.timeout() != null) {
        out.append(", timeout: ").append(q(rule.timeout().toString()));
      }
      out.append(" }\n");
    }
  }

  private static String list(List<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(q(values.get(i)));
    }
    return out.append(']').toString();
  }

  /** A string as a JSON string, which is also a YAML double-quoted scalar. */
  private static String q(String value) {
    try {
      return AccessReviews.JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }
}
