package dev.drawbridge.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.drawbridge.testing.TestPki;
import dev.drawbridge.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gateway's own TLS towards the upstream, in each mode, checked from the server's side ({@code
 * pg_stat_ssl}). Needs a test server with {@code ssl = on} and its CA in {@code ssl_ca_file}, as
 * scripts/test-postgres.sh sets up; skipped otherwise.
 */
@ExtendWith(TestPostgres.class)
class UpstreamTlsIT {

  private static final String LISTENER = "bind: \"127.0.0.1:0\"\nallowPlaintext: true";

  @TempDir Path dir;
  static TestPostgres.Server pg;
  static String serverCa;

  @BeforeAll
  static void requireUpstreamTls(TestPostgres.Server server) throws SQLException {
    pg = server;
    assumeTrue("on".equals(query("show ssl")), "the test server has ssl = off");
    serverCa = query("select setting from pg_settings where name = 'ssl_ca_file'");
    assumeTrue(!serverCa.isEmpty(), "the test server has no ssl_ca_file");
  }

  @ParameterizedTest
  @CsvSource({"require, true", "prefer, true", "disable, false"})
  void eachModeEncryptsTheUpstreamSessionOrNot(String mode, boolean encrypted) throws Exception {
    assertThat(upstreamSsl("tls: " + mode)).isEqualTo(encrypted);
  }

  @Test
  void verifyFullAcceptsAServerSignedByTheConfiguredCa() throws Exception {
    assertThat(upstreamSsl("tls: verify-full, ca: \"" + serverCa + "\"")).isTrue();
  }

  @Test
  void verifyFullRefusesAServerTheCaDidNotSignAndKeepsItsAddressToItself() throws Exception {
    TestPki.KeyPair stranger = TestPki.selfSigned(dir, "stranger-ca");
    try (PgGateway gateway =
        PgGateway.start(pg, dir, LISTENER, "tls: verify-full, ca: \"" + stranger.cert() + "\"")) {
      assertThatThrownBy(() -> gateway.connect("scram-db", "it-bot").close())
          .isInstanceOfSatisfying(
              SQLException.class,
              e -> {
                assertThat(e.getSQLState()).isEqualTo("08006");
                assertThat(e.getMessage())
                    .contains("cannot secure")
                    .contains("scram-db")
                    .doesNotContain(pg.host())
                    .doesNotContain(String.valueOf(pg.port()));
              });
    }
  }

  /** Whether the upstream session the gateway opens for scram-db is encrypted. */
  private boolean upstreamSsl(String upstreamTls) throws Exception {
    try (PgGateway gateway = PgGateway.start(pg, dir, LISTENER, upstreamTls);
        Connection c = gateway.connect("scram-db", "it-bot");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select ssl from pg_stat_ssl where pid = pg_backend_pid()")) {
      assertThat(rs.next()).isTrue();
      return rs.getBoolean(1);
    }
  }

  private static String query(String sql) throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
