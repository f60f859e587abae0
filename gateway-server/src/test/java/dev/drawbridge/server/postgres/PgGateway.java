package dev.drawbridge.server.postgres;

import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.Environment;
import dev.drawbridge.core.identity.TokenMinter;
import dev.drawbridge.server.Gateway;
import dev.drawbridge.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A gateway started in-process from a real configuration file, with a PostgreSQL listener in front
 * of the test cluster's SCRAM, MD5 and cleartext roles (created by scripts/test-postgres.sh).
 *
 * <p>Connections: {@code scram-db} (app_scram), {@code md5-db} (app_md5), {@code cleartext-db}
 * (app_cleartext). Agent {@code it-bot} holds a grant on each; agent {@code other-bot} on none.
 */
final class PgGateway implements AutoCloseable {

  static final String SECRET = "it-secret-it-secret-it-secret-it-secret-0123456789";
  static final Map<String, String> PASSWORDS =
      Map.of(
          "SCRAM_PW", "app-scram-pw",
          "MD5_PW", "app-md5-pw",
          "CLEARTEXT_PW", "app-cleartext-pw");

  private final Gateway gateway;
  private final DrawbridgeConfig config;
  private final TestPostgres.Server pg;

  private PgGateway(Gateway gateway, DrawbridgeConfig config, TestPostgres.Server pg) {
    this.gateway = gateway;
    this.config = config;
    this.pg = pg;
  }

  /** Starts a gateway; {@code listenerYaml} is the body of {@code listeners.postgres}. */
  static PgGateway start(TestPostgres.Server pg, Path dir, String listenerYaml) throws Exception {
    return start(pg, dir, listenerYaml, "tls: disable");
  }

  static PgGateway start(TestPostgres.Server pg, Path dir, String listenerYaml, String upstreamTls)
      throws Exception {
    prepareRoles(pg);
    String yaml =
        """
        gateway: { name: it, shutdownTimeout: 2s }
        audit: { journal: journal }
        listeners:
          postgres:
        %s
        identity:
          issuers:
            - { issuer: drawbridge, hmacSecret: "${env:TOKEN_SECRET}", audience: drawbridge }
        connections:
        %s
        %s
        %s
          - name: down-db
            type: postgres
            upstream: { host: 127.0.0.1, port: 1, database: nowhere, tls: disable, connectTimeout: 2s }
            credential: { username: nobody, password: "x" }
        grants:
        %s
        %s
        %s
        %s
        """
            .formatted(
                indent(listenerYaml, 4),
                connection("scram-db", pg, "app_scram", "SCRAM_PW", upstreamTls),
                connection("md5-db", pg, "app_md5", "MD5_PW", upstreamTls),
                connection("cleartext-db", pg, "app_cleartext", "CLEARTEXT_PW", upstreamTls),
                grant("it-bot-scram", "scram-db", "2099-12-31"),
                grant("it-bot-md5", "md5-db", "2099-12-31"),
                grant("it-bot-cleartext", "cleartext-db", "2099-12-31"),
                grant("it-bot-down", "down-db", "2099-12-31"));
    Path file = dir.resolve("drawbridge.yaml");
    Files.writeString(file, yaml);
    Map<String, String> env = new java.util.HashMap<>(PASSWORDS);
    env.put("TOKEN_SECRET", SECRET);
    DrawbridgeConfig config = ConfigLoader.load(file, Environment.of(env)).config();
    return new PgGateway(Gateway.start(config, Clock.systemUTC()), config, pg);
  }

  private static String connection(
      String name, TestPostgres.Server pg, String role, String passwordVar, String tls) {
    return """
          - name: %s
            type: postgres
            upstream: { host: %s, port: %d, database: %s, %s }
            credential: { username: %s, password: "${env:%s}" }
        """
        .formatted(name, pg.host(), pg.port(), pg.database(), tls, role, passwordVar)
        .stripTrailing();
  }

  private static String grant(String id, String connection, String expires) {
    return """
          - id: %s
            subject: { agent: it-bot }
            connection: %s
            allow: [ { actions: [read, write, ddl, admin, execute, session, unknown] } ]
            owner: it@example.com
            reason: integration tests
            expires: %s
        """
        .formatted(id, connection, expires)
        .stripTrailing();
  }

  private static String indent(String text, int spaces) {
    String pad = " ".repeat(spaces);
    return text.lines().map(l -> pad + l).reduce((a, b) -> a + "\n" + b).orElse("");
  }

  /** Gives each test role a schema of its own, so pgbench and DDL tests need no superuser. */
  private static void prepareRoles(TestPostgres.Server pg) throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      for (String role : List.of("app_scram", "app_md5", "app_cleartext")) {
        s.execute("CREATE SCHEMA IF NOT EXISTS " + role + " AUTHORIZATION " + role);
      }
    }
  }

  int port() {
    return gateway.listenerAddresses().get("postgres").getPort();
  }

  String token(String agent) {
    return TokenMinter.forIssuer(config.identity().issuers().getFirst())
        .mint(agent, List.of(), Duration.ofMinutes(10));
  }

  /** A token for {@code agent} that was valid for ten minutes and expired fifty minutes ago. */
  String expiredToken(String agent) {
    Clock anHourAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
    return TokenMinter.forIssuer(config.identity().issuers().getFirst(), anHourAgo)
        .mint(agent, List.of(), Duration.ofMinutes(10));
  }

  /** A pgjdbc URL through the gateway to {@code connection}, without TLS. */
  String jdbcUrl(String connection) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + connection + "?sslmode=disable";
  }

  /** A libpq connection string (psql, pgbench) through the gateway to {@code connection}. */
  String conninfo(String connection, String agent, String sslmode) {
    return "host=127.0.0.1 port=%d dbname=%s user=%s sslmode=%s"
        .formatted(port(), connection, agent, sslmode);
  }

  Connection connect(String connection, String agent) throws SQLException {
    return connect(connection, agent, new Properties());
  }

  Connection connect(String connection, String agent, Properties extra) throws SQLException {
    Properties props = new Properties();
    props.putAll(extra);
    props.setProperty("user", agent);
    props.setProperty("password", token(agent));
    return DriverManager.getConnection(jdbcUrl(connection), props);
  }

  Gateway gateway() {
    return gateway;
  }

  TestPostgres.Server upstream() {
    return pg;
  }

  @Override
  public void close() {
    gateway.close();
  }
}
