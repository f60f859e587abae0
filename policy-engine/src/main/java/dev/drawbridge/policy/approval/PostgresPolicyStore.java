package dev.drawbridge.policy.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.drawbridge.core.model.ApprovalVerdict;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
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
  private static final int RECENT = 500;

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
      RequestRows.markOrphans(c);
      try (PreparedStatement select =
          c.prepareStatement(
              "select "
                  + RequestRows.COLUMNS
                  + " from policy.approval_requests"
                  + (all ? "" : " where status = 'pending'")
                  + " order by requested_at desc limit "
                  + RECENT)) {
        return RequestRows.read(select);
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
                "select " + RequestRows.COLUMNS + " from policy.approval_requests where id = ?")) {
      select.setString(1, id);
      return RequestRows.read(select).stream().findFirst();
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
        Optional<ApprovalRequest> settled = RequestRows.update(c, id, verdict);
        if (settled.isEmpty()) {
          c.rollback();
          return settled;
        }
        if (grant != null) {
          GrantRows.insert(c, grant);
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
        GrantRows.insert(c, grant);
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
          grants.add(GrantRows.grant(rows));
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
          revoked = rows.next() ? Optional.of(GrantRows.grant(rows)) : Optional.empty();
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
