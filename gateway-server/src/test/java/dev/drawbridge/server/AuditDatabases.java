package dev.drawbridge.server;

import dev.drawbridge.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

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

  static Connection connect(TestPostgres.Server pg, String name) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + name, pg.user(), pg.password());
  }
}
