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
import dev.drawbridge.core.model.ApprovalVerdict;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approvals and run-time grants in PostgreSQL schema {@code policy}, shared by every replica: a
 * request is settled by one conditional {@code UPDATE} (the first verdict wins, wherever it was
 * given), in the same transaction as the grant an approval for a while creates, and {@code NOTIFY
 * drawbridge_policy} tells the other replicas once it commits. A listener thread follows those
 * notifications and reconnects with backoff when its connection drops.
 */
public final class PostgresPolicyStore implements PolicyStore {

  /** The channel replicas announce changes on. */
  public static final String CHANNEL = "drawbridge_policy";

  private static final Logger log = LoggerFactory.getLogger(PostgresPolicyStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RECENT = 500;

  /**
   * A pending request whose gateway went away is shown as timed out this long after its deadline.
   */
  private static final Duration ORPHANED = Duration.ofMinutes(1);

  private static final String COLUMNS =
      "id, session_id, sequence, agent, subject, connection, action, verb, resources, statement,"
          + " statement_sha256, grant_id, reason, requested_at, deadline, status, approver,"
          + " decision_reason, temporary_grant, until, waited_ms";

  private final PolicyDatabase database;
  private volatile boolean closed;
  private Thread listener;

  public PostgresPolicyStore(PolicyDatabase database) {
    this.database = database;
  }

  /** The database it keeps requests and grants in (access reviews keep theirs beside them). */
  public PolicyDatabase database() {
    return database;
  }

  @Override
  public void add(ApprovalRequest request) throws StoreException {
    try (Connection c = database.connection();
        PreparedStatement insert =
            c.prepareStatement(
                "insert into policy.approval_requests (id, session_id, sequence, agent, subject,"
                    + " connection, action, verb, resources, statement, statement_sha256, grant_id,"
                    + " reason, requested_at, deadline) values"
                    + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, request.id());
      insert.setString(2, request.session());
      insert.setLong(3, request.sequence());
      insert.setString(4, request.agent());
      insert.setString(5, request.subject());
      insert.setString(6, request.connection());
      insert.setString(7, request.action());
      insert.setString(8, request.verb());
      insert.setArray(9, c.createArrayOf("text", request.resources().toArray()));
      insert.setString(10, request.statement());
      insert.setString(11, request.statementSha256());
      insert.setString(12, request.grantId());
      insert.setString(13, request.reason());
      insert.setTimestamp(14, Timestamp.from(request.requestedAt()));
      insert.setTimestamp(15, Timestamp.from(request.deadline()));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw failed("keep the approval request", e);
    }
  }

  @Override
  public List<ApprovalRequest> requests(boolean all) throws StoreException {
    try (Connection c = database.connection()) {
      markOrphans(c);
      try (PreparedStatement select =
          c.prepareStatement(
              "select "
                  + COLUMNS
                  + " from policy.approval_requests"
                  + (all ? "" : " where status = 'pending'")
                  + " order by requested_at desc limit "
                  + RECENT)) {
        return read(select);
      }
    } catch (SQLException e) {
      throw failed("read approval requests", e);
    }
  }

  @Override
  public Optional<ApprovalRequest> request(String id) throws StoreException {
    try (Connection c = database.connection();
        PreparedStatement select =
            c.prepareStatement(
                "select " + COLUMNS + " from policy.approval_requests where id = ?")) {
      select.setString(1, id);
      return read(select).stream().findFirst();
    } catch (SQLException e) {
      throw failed("read approval request " + id, e);
    }
  }

  @Override
  public Optional<ApprovalRequest> settle(String id, ApprovalVerdict verdict, TemporaryGrant grant)
      throws StoreException {
    try (Connection c = database.connection()) {
      c.setAutoCommit(false);
      try {
        Optional<ApprovalRequest> settled = update(c, id, verdict);
        if (settled.isEmpty()) {
          c.rollback();
          return settled;
        }
        if (grant != null) {
          insert(c, grant);
          notify(c, "grants");
        }
        notify(c, "settled:" + id);
        c.commit();
        return settled;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failed("settle approval request " + id, e);
    }
  }

  @Override
  public boolean addGrant(TemporaryGrant grant) throws StoreException {
    try (Connection c = database.connection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement exists =
            c.prepareStatement("select 1 from policy.grants where id = ? for update")) {
          exists.setString(1, grant.id());
          try (ResultSet rows = exists.executeQuery()) {
            if (rows.next()) {
              c.rollback();
              return false;
            }
          }
        }
        insert(c, grant);
        notify(c, "grants");
        c.commit();
        return true;
      } catch (SQLException e) {
        c.rollback();
        if ("23505".equals(e.getSQLState())) {
          return false; // made at the same moment elsewhere
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failed("keep grant " + grant.id(), e);
    }
  }

  @Override
  public List<TemporaryGrant> grants(Instant now) throws StoreException {
    try (Connection c = database.connection();
        PreparedStatement select =
            c.prepareStatement(
                "select id, subject_agent, subject_group, connection, rules, rows_per_statement,"
                    + " owner, reason, expires_at, creator, created_at, approval from policy.grants"
                    + " where revoked_at is null and expires_at > ? order by created_at, id")) {
      select.setTimestamp(1, Timestamp.from(now));
      List<TemporaryGrant> grants = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          grants.add(grant(rows));
        }
      }
      return grants;
    } catch (SQLException | JsonProcessingException e) {
      throw failed("read run-time grants", e);
    }
  }

  @Override
  public Optional<TemporaryGrant> revoke(String id, String actor, String reason, Instant now)
      throws StoreException {
    try (Connection c = database.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement update =
          c.prepareStatement(
              "update policy.grants set revoked_at = ?, revoked_by = ?, revoke_reason = ?"
                  + " where id = ? and revoked_at is null and expires_at > ?"
                  + " returning id, subject_agent, subject_group, connection, rules,"
                  + " rows_per_statement, owner, reason, expires_at, creator, created_at,"
                  + " approval")) {
        update.setTimestamp(1, Timestamp.from(now));
        update.setString(2, actor);
        update.setString(3, reason);
        update.setString(4, id);
        update.setTimestamp(5, Timestamp.from(now));
        Optional<TemporaryGrant> revoked;
        try (ResultSet rows = update.executeQuery()) {
          revoked = rows.next() ? Optional.of(grant(rows)) : Optional.empty();
        }
        if (revoked.isPresent()) {
          notify(c, "grants");
        }
        c.commit();
        return revoked;
      } catch (SQLException | JsonProcessingException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException | JsonProcessingException e) {
      throw failed("revoke grant " + id, e);
    }
  }

  @Override
  public synchronized void listen(Changes changes) {
    if (listener != null) {
      throw new IllegalStateException("already listening");
    }
    listener =
        Thread.ofPlatform()
            .name("drawbridge-policy-listener")
            .daemon()
            .start(() -> follow(changes));
  }

  /** Follows NOTIFY on its own connection until closed; reconnects with backoff. */
  private void follow(Changes changes) {
    Duration backoff = Duration.ofMillis(500);
    while (!closed) {
      try (Connection c = database.listener()) {
        try (Statement listen = c.createStatement()) {
          listen.execute("LISTEN " + CHANNEL);
        }
        backoff = Duration.ofMillis(500);
        // whatever happened while not listening is read again
        changes.grantsChanged();
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] notifications = pg.getNotifications(1000);
          if (notifications == null) {
            continue;
          }
          for (PGNotification notification : notifications) {
            dispatch(notification.getParameter(), changes);
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        log.warn(
            "policy store: listening for other gateways' changes failed ({}); again in {} ms",
            e.getMessage(),
            backoff.toMillis());
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                ? Duration.ofSeconds(30)
                : backoff.multipliedBy(2);
      }
    }
  }

  private static void dispatch(String payload, Changes changes) {
    try {
      if (payload.startsWith("settled:")) {
        changes.settled(payload.substring("settled:".length()));
      } else if (payload.equals("grants")) {
        changes.grantsChanged();
      }
    } catch (RuntimeException e) {
      log.warn("policy store: a change ({}) was not applied: {}", payload, e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    Thread thread;
    synchronized (this) {
      thread = listener;
    }
    if (thread != null) {
      thread.interrupt();
    }
    database.close();
  }

  private static void markOrphans(Connection c) throws SQLException {
    try (PreparedStatement sweep =
        c.prepareStatement(
            "update policy.approval_requests set status = 'timed-out', decided_at = now(),"
                + " waited_ms = (extract(epoch from (deadline - requested_at)) * 1000)::bigint"
                + " where status = 'pending' and deadline < now() - make_interval(secs => ?)")) {
      sweep.setLong(1, ORPHANED.toSeconds());
      sweep.executeUpdate();
    }
  }

  private static Optional<ApprovalRequest> update(Connection c, String id, ApprovalVerdict verdict)
      throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "update policy.approval_requests set status = ?, approver = ?, decision_reason = ?,"
                + " temporary_grant = ?, until = ?, waited_ms = ?, decided_at = now()"
                + " where id = ? and status = 'pending' returning "
                + COLUMNS)) {
      update.setString(1, verdict.outcome());
      switch (verdict) {
        case ApprovalVerdict.Approved approved -> {
          update.setString(2, approved.approver());
          update.setString(3, approved.reason());
          update.setString(4, approved.grantId().isEmpty() ? null : approved.grantId());
          update.setTimestamp(
              5, approved.until() == null ? null : Timestamp.from(approved.until()));
          update.setNull(6, Types.BIGINT);
        }
        case ApprovalVerdict.Denied denied -> {
          update.setString(2, denied.approver());
          update.setString(3, denied.reason());
          update.setNull(4, Types.VARCHAR);
          update.setNull(5, Types.TIMESTAMP_WITH_TIMEZONE);
          update.setNull(6, Types.BIGINT);
        }
        case ApprovalVerdict.TimedOut timedOut -> {
          update.setNull(2, Types.VARCHAR);
          update.setNull(3, Types.VARCHAR);
          update.setNull(4, Types.VARCHAR);
          update.setNull(5, Types.TIMESTAMP_WITH_TIMEZONE);
          update.setLong(6, timedOut.waited().toMillis());
        }
        case ApprovalVerdict.Abandoned abandoned -> reasonOnly(update, abandoned.reason());
        case ApprovalVerdict.Failed failed -> reasonOnly(update, failed.reason());
      }
      update.setString(7, id);
      return read(update).stream().findFirst();
    }
  }

  private static void reasonOnly(PreparedStatement update, String reason) throws SQLException {
    update.setNull(2, Types.VARCHAR);
    update.setString(3, reason);
    update.setNull(4, Types.VARCHAR);
    update.setNull(5, Types.TIMESTAMP_WITH_TIMEZONE);
    update.setNull(6, Types.BIGINT);
  }

  private static void insert(Connection c, TemporaryGrant grant) throws SQLException {
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

  private static TemporaryGrant grant(ResultSet rows) throws SQLException, JsonProcessingException {
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

  private static List<ApprovalRequest> read(PreparedStatement statement) throws SQLException {
    List<ApprovalRequest> requests = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        requests.add(request(rows));
      }
    }
    return requests;
  }

  private static ApprovalRequest request(ResultSet rows) throws SQLException {
    Array resources = rows.getArray("resources");
    ApprovalRequest request =
        new ApprovalRequest(
            rows.getString("id"),
            rows.getString("session_id"),
            rows.getLong("sequence"),
            rows.getString("agent"),
            rows.getString("subject"),
            rows.getString("connection"),
            rows.getString("action"),
            rows.getString("verb"),
            List.of((String[]) resources.getArray()),
            rows.getString("statement"),
            rows.getString("statement_sha256"),
            rows.getString("grant_id"),
            rows.getString("reason"),
            rows.getTimestamp("requested_at").toInstant(),
            rows.getTimestamp("deadline").toInstant(),
            null);
    return request.with(verdict(rows));
  }

  private static ApprovalVerdict verdict(ResultSet rows) throws SQLException {
    String reason = rows.getString("decision_reason");
    return switch (rows.getString("status")) {
      case "pending" -> null;
      case "approved" -> {
        Timestamp until = rows.getTimestamp("until");
        yield new ApprovalVerdict.Approved(
            rows.getString("approver"),
            reason,
            rows.getString("temporary_grant"),
            until == null ? null : until.toInstant());
      }
      case "denied" -> new ApprovalVerdict.Denied(rows.getString("approver"), reason);
      case "timed-out" ->
          new ApprovalVerdict.TimedOut(Duration.ofMillis(rows.getLong("waited_ms")));
      case "abandoned" -> new ApprovalVerdict.Abandoned(reason == null ? "" : reason);
      default -> new ApprovalVerdict.Failed(reason == null ? "" : reason);
    };
  }

  private static void notify(Connection c, String payload) throws SQLException {
    try (PreparedStatement notify = c.prepareStatement("select pg_notify(?, ?)")) {
      notify.setString(1, CHANNEL);
      notify.setString(2, payload);
      notify.execute();
    }
  }

  private static StoreException failed(String what, Exception e) {
    return new StoreException("the policy store cannot " + what + " (" + e.getMessage() + ")", e);
  }
}
