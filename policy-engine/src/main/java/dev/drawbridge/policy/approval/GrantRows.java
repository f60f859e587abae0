package dev.drawbridge.policy.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.LimitsConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Run-time grants as rows of {@code policy.grants}, their rules as jsonb. */
final class GrantRows {

  private static final ObjectMapper JSON = new ObjectMapper();

  private GrantRows() {}

  static void insert(Connection c, TemporaryGrant grant) throws SQLException {
    GrantConfig config = grant.grant();
    ObjectNode rules = JSON.createObjectNode();
    rules(rules.putArray("allow"), config.allow());
    rules(rules.putArray("review"), config.review());
    rules(rules.putArray("deny"), config.deny());
    try (PreparedStatement insert =
        c.prepareStatement(
            "insert into policy.grants (id, subject_agent, subject_group, connection, rules,"
                + " rows_per_statement, owner, reason, expires_at, creator, created_at, approval)"
                + " values (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, config.id());
      insert.setString(2, config.subject().agent());
      insert.setString(3, config.subject().group());
      insert.setString(4, config.connection());
      insert.setString(5, rules.toString());
      Integer rows = config.limits().rowsPerStatement();
      if (rows == null) {
        insert.setNull(6, Types.INTEGER);
      } else {
        insert.setInt(6, rows);
      }
      insert.setString(7, config.owner());
      insert.setString(8, config.reason());
      insert.setTimestamp(9, Timestamp.from(grant.expiresAt()));
      insert.setString(10, grant.creator());
      insert.setTimestamp(11, Timestamp.from(grant.createdAt()));
      insert.setString(12, grant.approval().isEmpty() ? null : grant.approval());
      insert.executeUpdate();
    }
  }

  private static void rules(ArrayNode array, List<RuleConfig> rules) {
    for (RuleConfig rule : rules) {
      ObjectNode node = array.addObject();
      rule.actions().forEach(node.putArray("actions")::add);
      rule.tables().forEach(node.putArray("tables")::add);
      rule.columns().forEach(node.putArray("columns")::add);
      if (rule.timeout() != null) {
        node.put("timeoutMs", rule.timeout().toMillis());
      }
    }
  }

  private static List<RuleConfig> rules(JsonNode array) {
    List<RuleConfig> rules = new ArrayList<>();
    for (JsonNode rule : array) {
      rules.add(
          new RuleConfig(
              strings(rule, "actions"),
              strings(rule, "tables"),
              strings(rule, "columns"),
              rule.has("timeoutMs") ? Duration.ofMillis(rule.get("timeoutMs").asLong()) : null));
    }
    return rules;
  }

  static TemporaryGrant grant(ResultSet rows) throws SQLException, JsonProcessingException {
    JsonNode rules = JSON.readTree(rows.getString("rules"));
    Instant expiresAt = rows.getTimestamp("expires_at").toInstant();
    int rowsPerStatement = rows.getInt("rows_per_statement");
    LimitsConfig limits = new LimitsConfig(rows.wasNull() ? null : rowsPerStatement);
    GrantConfig config =
        new GrantConfig(
            rows.getString("id"),
            new SubjectConfig(rows.getString("subject_agent"), rows.getString("subject_group")),
            rows.getString("connection"),
            rules(rules.path("allow")),
            rules(rules.path("review")),
            rules(rules.path("deny")),
            limits,
            rows.getString("owner"),
            rows.getString("reason"),
            expiresAt.atOffset(ZoneOffset.UTC).toLocalDate());
    return new TemporaryGrant(
        config,
        expiresAt,
        rows.getString("creator"),
        rows.getTimestamp("created_at").toInstant(),
        rows.getString("approval"));
  }

  private static List<String> strings(JsonNode rule, String field) {
    List<String> values = new ArrayList<>();
    rule.path(field).forEach(v -> values.add(v.asText()));
    return values;
  }
}
