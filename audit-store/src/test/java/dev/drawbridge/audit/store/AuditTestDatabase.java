package dev.drawbridge.audit.store;

import dev.drawbridge.config.PostgresStoreConfig;
import dev.drawbridge.config.Secret;
import dev.drawbridge.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shipper tests' own database, {@value #NAME} (or another name a test class keeps to itself),
 * on the test server: created when missing, its schema {@code audit} dropped and migrated afresh
 * for each test, and cut off for real to play a database outage.
 */
final class AuditTestDatabase implements AutoCloseable {

  static final String NAME = "audit_ship_it";

  private final TestPostgres.Server server;
  private final String name;
  private final String url;
  private final AuditDatabase database;

  private AuditTestDatabase(
      TestPostgres.Server server, String name, String url, AuditDatabase database) {
    this.server = server;
    this.name = name;
    this.url = url;
    this.database = database;
  }

  /** The database with an empty, freshly migrated schema {@code audit}. */
  static AuditTestDatabase fresh(TestPostgres.Server server) throws SQLException {
    return fresh(server, NAME);
  }

  /** Database {@code name} with an empty, freshly migrated schema {@code audit}. */
  static AuditTestDatabase fresh(TestPostgres.Server server, String name) throws SQLException {
    try (Connection admin = server.connect();
        Statement statement = admin.createStatement()) {
      try (ResultSet exists =
          statement.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
        if (!exists.next()) {
          statement.execute("create database " + name);
        }
      }
      statement.execute("alter database " + name + " with allow_connections true");
    }
    String url = server.jdbcUrl().substring(0, server.jdbcUrl().lastIndexOf('/') + 1) + name;
    try (Connection connection =
            DriverManager.getConnection(url, server.user(), server.password());
        Statement statement = connection.createStatement()) {
      statement.execute("drop schema if exists audit cascade");
    }
    AuditDatabase database =
        AuditDatabase.open(
            new PostgresStoreConfig(url, server.user(), Secret.of(server.password())));
    database.migrate();
    return new AuditTestDatabase(server, name, url, database);
  }

  /** Its JDBC URL, without credentials. */
  String url() {
    return url;
  }

  AuditDatabase database() {
    return database;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, server.user(), server.password());
  }

  /** The single number a query answers. */
  long number(String sql, Object... parameters) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** The rows a query answers, each as its columns by name, in order. */
  List<Map<String, Object>> rows(String sql, Object... parameters) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        ResultSetMetaData columns = result.getMetaData();
        while (result.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= columns.getColumnCount(); i++) {
            row.put(columns.getColumnLabel(i), result.getObject(i));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  /** The one row a query answers. */
  Map<String, Object> row(String sql, Object... parameters) throws SQLException {
    List<Map<String, Object>> rows = rows(sql, parameters);
    if (rows.size() != 1) {
      throw new AssertionError("expected one row, got " + rows);
    }
    return rows.getFirst();
  }

  /** Whether {@code audit.<table>} exists. */
  boolean exists(String table) throws SQLException {
    return number(
            "select count(*) from pg_tables where schemaname = 'audit' and tablename = ?", table)
        == 1;
  }

  /** Makes the database unreachable: no new connections, and those open are terminated. */
  void cutOff() throws SQLException {
    try (Connection admin = server.connect();
        Statement statement = admin.createStatement()) {
      statement.execute("alter database " + name + " with allow_connections false");
      statement.execute(
          "select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
              + name
              + "' and pid <> pg_backend_pid()");
    }
  }

  /** Lets connections in again. */
  void restore() throws SQLException {
    try (Connection admin = server.connect();
        Statement statement = admin.createStatement()) {
      statement.execute("alter database " + name + " with allow_connections true");
    }
  }

  @Override
  public void close() throws SQLException {
    restore();
    database.close();
  }
}
