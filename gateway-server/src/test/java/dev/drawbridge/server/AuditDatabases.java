package dev.drawbridge.server;

import dev.drawbridge.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** A database of its own per test class for the audit store, on the test PostgreSQL. */
final class AuditDatabases {

  private AuditDatabases() {}

  /** Drops and creates {@code name}; the gateway migrates its schema at start. */
  static void recreate(TestPostgres.Server pg, String name) throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute("drop database if exists " + name + " with (force)");
      s.execute("create database " + name);
    }
  }

  /**
   * Polls {@code name} until its read operations include every statement of {@code expected} (the
   * schema may not exist yet: the gateway migrates it once it reaches the database); returns how
   * often each statement text is stored.
   */
  static Map<String, Integer> awaitStored(
      TestPostgres.Server pg, String name, Collection<String> expected, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Integer> stored = new HashMap<>();
    while (System.nanoTime() < deadline) {
      stored.clear();
      try (Connection c = connect(pg, name);
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "select record::jsonb ->> 'text' from audit.events"
                      + " where type = 'operation' and action = 'read'")) {
        while (rs.next()) {
          stored.merge(rs.getString(1), 1, Integer::sum);
        }
      } catch (SQLException e) {
        // not reachable or not migrated yet
      }
      if (stored.keySet().containsAll(expected)) {
        return stored;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "the audit database never held all of "
            + expected.size()
            + " statements; it has "
            + stored.size());
  }

  static Connection connect(TestPostgres.Server pg, String name) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + name, pg.user(), pg.password());
  }
}
