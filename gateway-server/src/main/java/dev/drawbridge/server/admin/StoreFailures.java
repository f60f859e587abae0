package dev.drawbridge.server.admin;

import java.sql.SQLException;

/**
 * Describes why the store did not answer in fixed words chosen by SQLSTATE. The driver's own
 * message is never used: pgjdbc repeats the whole JDBC URL in some messages, and the URL may carry
 * a password, while the readiness report is served without authentication.
 */
final class StoreFailures {

  private StoreFailures() {}

  static String describe(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String what =
        switch (state) {
          case "28P01", "28000" ->
              "the store refused the credential (password authentication failed)";
          case "3D000" -> "the store database does not exist";
          case "08001", "08006", "08004" ->
              "cannot connect to the store (refused, unreachable or closed)";
          case "57P03" -> "the store is starting up or shutting down";
          case "53300" -> "the store has no free connection slots";
          // pgjdbc reports a URL it cannot parse with no state or its catch-all 99999
          case "", "99999" -> "the store URL or connection settings are not usable";
          default -> "the store answered with an error";
        };
    return "store unreachable: " + what + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")");
  }
}
