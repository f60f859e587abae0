package dev.drawbridge.audit.store;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run of failed shipping attempts, logged once for each kind of failure it meets, not once per
 * retry: the database being unreachable (refused, terminated, timed out) is one kind whatever the
 * driver said; anything else (the database refusing the statements, the journal failing) is its own
 * kind, logged as an error since waiting alone will not cure it. Shipping resuming is logged once
 * more.
 */
final class Outage {

  private static final Logger log = LoggerFactory.getLogger(Shipper.class);

  private final Clock clock;
  private final Set<String> kinds = new HashSet<>();
  private Instant since;
  private long attempts;

  Outage(Clock clock) {
    this.clock = clock;
  }

  void failed(Exception failure) {
    if (since == null) {
      since = clock.instant();
    }
    attempts++;
    if (!kinds.add(kind(failure))) {
      return;
    }
    if (unreachable(failure)) {
      log.warn(
          "audit shipping: the database is unreachable ({}); events wait in the journal,"
              + " retrying with backoff",
          describe(failure));
    } else if (failure instanceof IOException) {
      log.error(
          "audit shipping: the journal cannot be read or checkpointed ({}); retrying with backoff",
          describe(failure));
    } else {
      log.error(
          "audit shipping: the database refused a batch ({}); events wait in the journal,"
              + " retrying with backoff",
          describe(failure));
    }
  }

  void recovered() {
    if (since == null) {
      return;
    }
    log.info(
        "audit shipping resumed after {} failed attempt(s) over {} s",
        attempts,
        Duration.between(since, clock.instant()).toSeconds());
    since = null;
    attempts = 0;
    kinds.clear();
  }

  /** Connection refused, lost or timed out, or the server shutting down or out of resources. */
  static boolean unreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException
          || t instanceof SQLTimeoutException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")) {
          return true;
        }
      }
    }
    return false;
  }

  private static String kind(Exception failure) {
    if (unreachable(failure)) {
      return "unreachable";
    }
    String state = failure instanceof SQLException sql ? sql.getSQLState() : null;
    return failure.getClass().getName() + "/" + state;
  }

  private static String describe(Exception failure) {
    StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()));
    if (failure instanceof SQLException sql && sql.getSQLState() != null) {
      text.append(" [SQLSTATE ").append(sql.getSQLState()).append(']');
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != failure) {
      text.append(", caused by ").append(root);
    }
    return text.toString();
  }
}
