package dev.drawbridge.audit.query;

import java.sql.SQLException;

/**
 * Says why the audit database did not answer. Where the driver's own message could repeat the
 * connection URL (which may carry a password), fixed words chosen by SQLSTATE are used instead.
 */
final class SqlFailures {

  private SqlFailures() {}

  static AuditQueryException wrap(String doing, SQLException e) {
    return new AuditQueryException(doing + ": " + describe(e), e);
  }

  static String describe(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String what =
        switch (state) {
          case "28P01", "28000" -> "the database refused the credential";
          case "3D000" -> "the database does not exist";
          case "08001", "08006", "08004", "08003" ->
              "cannot connect to the database (refused, unreachable or closed)";
          case "57P03" -> "the database is starting up or shutting down";
          case "53300" -> "the database has no free connection slots";
          case "3F000", "42P01" ->
              "the database has no audit schema (the gateway's shipper creates it)";
          case "", "99999" -> "the database URL or connection settings are not usable";
          default -> e.getMessage();
        };
    return what + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")");
  }
}
