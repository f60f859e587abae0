package dev.drawbridge.policy.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.policy.approval.PolicyDatabase;
import dev.drawbridge.policy.approval.PolicyStore.StoreException;
import dev.drawbridge.policy.approval.PostgresPolicyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Access review campaigns in schema {@code policy} ({@code review_campaigns}, {@code
 * review_items}), shared by every replica. A decision is one conditional {@code UPDATE} (the first
 * decision wins, wherever it was taken), in the same transaction as the change it makes to a
 * run-time grant, which {@code NOTIFY drawbridge_policy} announces once it commits. The database is
 * the policy store's; this does not close it. Calls block.
 */
public final class ReviewStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String ITEM_COLUMNS =
      "campaign, grant_id, kind, definition, expires_at, evidence, unused, recommendation,"
          + " position, decision, reviewer, decided_at, decision_reason, until, applied, event_id";

  private final PolicyDatabase database;

  public ReviewStore(PolicyDatabase database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /** What became of a decision. */
  public enum Outcome {
    /** Recorded, and the change made. */
    DONE,
    /** The item was decided already: nothing changed. */
    DECIDED_ALREADY,
    /** The run-time grant was revoked or lapsed meanwhile: nothing changed. */
    GRANT_GONE,
    /** No such campaign or item. */
    NOT_FOUND
  }

  /**
   * Keeps a new campaign and its items.
   *
   * @return false when a campaign of that name exists (then nothing changed)
   */
  public boolean create(Campaign campaign, List<ReviewItem> items) throws StoreException {
    try (Connection c = database.connection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement insert =
            c.prepareStatement(
                "insert into policy.review_campaigns (name, scope, window_start, window_end,"
                    + " started_by, started_at, agents) values (?, ?::jsonb, ?, ?, ?, ?, ?::jsonb)"
                    + " on conflict (name) do nothing")) {
          insert.setString(1, campaign.name());
          insert.setString(2, scope(campaign).toString());
          insert.setTimestamp(3, Timestamp.from(campaign.windowStart()));
          insert.setTimestamp(4, Timestamp.from(campaign.windowEnd()));
          insert.setString(5, campaign.startedBy());
          insert.setTimestamp(6, Timestamp.from(campaign.startedAt()));
          insert.setString(7, campaign.agentsJson());
          if (insert.executeUpdate() == 0) {
            c.rollback();
            return false;
          }
        }
        try (PreparedStatement insert =
            c.prepareStatement(
                "insert into policy.review_items (campaign, grant_id, kind, definition,"
                    + " expires_at, evidence, unused, recommendation, position) values"
                    + " (?, ?, ?, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?)")) {
          for (ReviewItem item : items) {
            insert.setString(1, campaign.name());
            insert.setString(2, item.grantId());
            insert.setString(3, item.kind());
            insert.setString(4, item.definitionJson());
            setTime(insert, 5, item.expiresAt());
            insert.setString(6, item.evidenceJson());
            insert.setString(7, item.unusedJson());
            insert.setString(8, item.recommendationJson());
            insert.setInt(9, item.position());
            insert.addBatch();
          }
          insert.executeBatch();
        }
        c.commit();
        return true;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failed("keep review campaign " + campaign.name(), e);
    }
  }

  /** Every campaign, newest first. */
  public List<Campaign> campaigns() throws StoreException {
    return selectCampaigns("order by started_at desc, name", null);
  }

  public Optional<Campaign> campaign(String name) throws StoreException {
    return selectCampaigns("where name = ?", name).stream().findFirst();
  }

  /** A campaign's items, in the order it listed them. */
  public List<ReviewItem> items(String campaign) throws StoreException {
    try (Connection c = database.connection();
        PreparedStatement select =
            c.prepareStatement(
                "select "
                    + ITEM_COLUMNS
                    + " from policy.review_items where campaign = ? order by position")) {
      select.setString(1, campaign);
      List<ReviewItem> items = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          items.add(item(rows));
        }
      }
      return items;
    } catch (SQLException e) {
      throw failed("read the items of review campaign " + campaign, e);
    }
  }

  /**
   * Records {@code decision} on an undecided item and, in the same transaction, makes {@code
   * change} to the run-time grant of that id.
   */
  public Outcome decide(String campaign, String grantId, ItemDecision decision, GrantChange change)
      throws StoreException {
    try (Connection c = database.connection()) {
      c.setAutoCommit(false);
      try {
        int updated;
        try (PreparedStatement update =
            c.prepareStatement(
                "update policy.review_items set decision = ?, reviewer = ?, decided_at = ?,"
                    + " decision_reason = ?, until = ?, applied = ?, event_id = ?"
                    + " where campaign = ? and grant_id = ? and decision is null")) {
          update.setString(1, decision.decision());
          update.setString(2, decision.reviewer());
          update.setTimestamp(3, Timestamp.from(decision.decidedAt()));
          update.setString(4, decision.reason());
          setTime(update, 5, decision.until());
          update.setString(6, decision.applied());
          update.setString(7, decision.event());
          update.setString(8, campaign);
          update.setString(9, grantId);
          updated = update.executeUpdate();
        }
        if (updated == 0) {
          c.rollback();
          return exists(c, campaign, grantId) ? Outcome.DECIDED_ALREADY : Outcome.NOT_FOUND;
        }
        if (!(change instanceof GrantChange.None) && !change(c, grantId, change, decision)) {
          c.rollback();
          return Outcome.GRANT_GONE;
        }
        c.commit();
        return Outcome.DONE;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failed("record the decision on " + grantId + " in review campaign " + campaign, e);
    }
  }

  private static boolean change(
      Connection c, String grantId, GrantChange change, ItemDecision decision) throws SQLException {
    String where = " where id = ? and revoked_at is null and expires_at > ?";
    PreparedStatement update =
        switch (change) {
          case GrantChange.Revoke revoke -> {
            PreparedStatement s =
                c.prepareStatement(
                    "update policy.grants set revoked_at = ?, revoked_by = ?, revoke_reason = ?"
                        + where);
            s.setTimestamp(1, Timestamp.from(decision.decidedAt()));
            s.setString(2, revoke.actor());
            s.setString(3, revoke.reason());
            yield s;
          }
          case GrantChange.Narrow narrow -> {
            PreparedStatement s =
                c.prepareStatement("update policy.grants set allow = ?::jsonb" + where);
            s.setString(1, rules(narrow.allow()).toString());
            yield s;
          }
          case GrantChange.Extend extend -> {
            PreparedStatement s =
                c.prepareStatement("update policy.grants set expires_at = ?" + where);
            s.setTimestamp(1, Timestamp.from(extend.until()));
            yield s;
          }
          case GrantChange.None none -> throw new IllegalArgumentException("nothing to change");
        };
    try (update) {
      int first = change instanceof GrantChange.Revoke ? 4 : 2;
      update.setString(first, grantId);
      update.setTimestamp(first + 1, Timestamp.from(decision.decidedAt()));
      if (update.executeUpdate() == 0) {
        return false;
      }
    }
    try (PreparedStatement notify = c.prepareStatement("select pg_notify(?, 'grants')")) {
      notify.setString(1, PostgresPolicyStore.CHANNEL);
      notify.execute();
    }
    return true;
  }

  /** Rules as {@code policy.grants.allow} holds them. */
  private static ArrayNode rules(List<RuleConfig> rules) {
    ArrayNode array = JSON.createArrayNode();
    for (RuleConfig rule : rules) {
      ObjectNode node = array.addObject();
      rule.actions().forEach(node.putArray("actions")::add);
      rule.tables().forEach(node.putArray("tables")::add);
      rule.columns().forEach(node.putArray("columns")::add);
    }
    return array;
  }

  private static boolean exists(Connection c, String campaign, String grantId) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "select 1 from policy.review_items where campaign = ? and grant_id = ?")) {
      select.setString(1, campaign);
      select.setString(2, grantId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  private List<Campaign> selectCampaigns(String tail, String name) throws StoreException {
    try (Connection c = database.connection();
        PreparedStatement select =
            c.prepareStatement(
                "select name, scope, window_start, window_end, started_by, started_at, agents"
                    + " from policy.review_campaigns "
                    + tail)) {
      if (name != null) {
        select.setString(1, name);
      }
      List<Campaign> campaigns = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          JsonNode scope = JSON.readTree(rows.getString("scope"));
          campaigns.add(
              new Campaign(
                  rows.getString("name"),
                  strings(scope.path("connections")),
                  strings(scope.path("agents")),
                  rows.getTimestamp("window_start").toInstant(),
                  rows.getTimestamp("window_end").toInstant(),
                  rows.getString("started_by"),
                  rows.getTimestamp("started_at").toInstant(),
                  rows.getString("agents")));
        }
      }
      return campaigns;
    } catch (SQLException | JsonProcessingException e) {
      throw failed("read review campaigns", e);
    }
  }

  private static ObjectNode scope(Campaign campaign) {
    ObjectNode scope = JSON.createObjectNode();
    campaign.connections().forEach(scope.putArray("connections")::add);
    campaign.agents().forEach(scope.putArray("agents")::add);
    return scope;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static ReviewItem item(ResultSet rows) throws SQLException {
    String decision = rows.getString("decision");
    ItemDecision decided =
        decision == null
            ? null
            : new ItemDecision(
                decision,
                rows.getString("reviewer"),
                rows.getTimestamp("decided_at").toInstant(),
                rows.getString("decision_reason"),
                instant(rows.getTimestamp("until")),
                rows.getString("applied"),
                rows.getString("event_id"));
    return new ReviewItem(
        rows.getString("campaign"),
        rows.getString("grant_id"),
        rows.getString("kind"),
        rows.getString("definition"),
        instant(rows.getTimestamp("expires_at")),
        rows.getString("evidence"),
        rows.getString("unused"),
        rows.getString("recommendation"),
        rows.getInt("position"),
        decided);
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static void setTime(PreparedStatement statement, int index, Instant instant)
      throws SQLException {
    if (instant == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setTimestamp(index, Timestamp.from(instant));
    }
  }

  private static StoreException failed(String what, Exception e) {
    return new StoreException("the policy store cannot " + what + " (" + e.getMessage() + ")", e);
  }
}
