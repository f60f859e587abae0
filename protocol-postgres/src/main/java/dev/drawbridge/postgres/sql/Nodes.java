package dev.drawbridge.postgres.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.core.model.Resource;

/** Reading the small recurring shapes of libpg_query's JSON parse tree. */
final class Nodes {

  private Nodes() {}

  /** A text field, or empty when absent. */
  static String text(JsonNode node, String field) {
    return node.path(field).asText("");
  }

  /** A {@code String} node's value ({@code {"String":{"sval":"x"}}}), or empty. */
  static String sval(JsonNode stringNode) {
    return stringNode.path("String").path("sval").asText("");
  }

  /** A function by its name list ({@code [schema,] name}); the schema is empty when unqualified. */
  static Resource.Function function(JsonNode nameList) {
    int count = nameList.size();
    String name = count == 0 ? "" : sval(nameList.get(count - 1));
    String schema = count >= 2 ? sval(nameList.get(count - 2)) : "";
    return new Resource.Function(schema, name);
  }

  /** The name a {@code RangeVar} is visible under in its query: its alias, else its name. */
  static String visibleName(JsonNode rangeVar) {
    String alias = rangeVar.path("alias").path("aliasname").asText("");
    return alias.isEmpty() ? text(rangeVar, "relname") : alias;
  }
}
