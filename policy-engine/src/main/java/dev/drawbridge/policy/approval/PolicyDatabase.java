package dev.drawbridge.policy.approval;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.drawbridge.config.PostgresStoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * The PostgreSQL database that holds schema {@code policy}: a small pool for reads and writes, and
 * single connections for listening to other replicas' changes.
 */
public final class PolicyDatabase implements AutoCloseable {

  /** How the pool's sessions show in {@code pg_stat_activity}. */
  public static final String APPLICATION_NAME = "drawbridge policy";

  private static final int POOL_SIZE = 3;
  private static final Duration POOL_WAIT = Duration.ofSeconds(2);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

  private final PostgresStoreConfig config;
  private final HikariDataSource pool;

  private PolicyDatabase(PostgresStoreConfig config, HikariDataSource pool) {
    this.config = config;
    this.pool = pool;
  }

  /**
   * Opens the pool and brings schema {@code policy} up to date.
   *
   * @throws SQLException when the database cannot be reached or refuses the migration; the message
   *     never repeats the URL (it may carry a password)
   */
  public static PolicyDatabase open(PostgresStoreConfig config) throws SQLException {
    Objects.requireNonNull(config.url(), "the policy database needs a url");
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("drawbridge-policy");
    hikari.setJdbcUrl(config.url());
    if (config.username() != null) {
      hikari.setUsername(config.username());
    }
    if (config.password() != null) {
      hikari.setPassword(config.password().reveal());
    }
    hikari.setMaximumPoolSize(POOL_SIZE);
    hikari.setMinimumIdle(1);
    hikari.setConnectionTimeout(POOL_WAIT.toMillis());
    hikari.setInitializationFailTimeout(-1);
    hikari.setDataSourceProperties(properties());
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new SQLException(
          "the store's connection settings are not usable (store.postgres.url)", "08001");
    }
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/policy")
          .schemas("policy")
          .defaultSchema("policy")
          .table("flyway_schema_history")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw new SQLException("cannot bring schema policy up to date: " + e.getMessage(), e);
    }
    return new PolicyDatabase(config, pool);
  }

  /** A connection from the pool (the caller closes it). */
  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** A connection of its own, outside the pool, for {@code LISTEN}. */
  Connection listener() throws SQLException {
    Properties properties = properties();
    if (config.username() != null) {
      properties.setProperty("user", config.username());
    }
    if (config.password() != null) {
      properties.setProperty("password", config.password().reveal());
    }
    properties.setProperty("socketTimeout", "0");
    return DriverManager.getConnection(config.url(), properties);
  }

  private static Properties properties() {
    Properties properties = new Properties();
    properties.setProperty("ApplicationName", APPLICATION_NAME);
    properties.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
    properties.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
    properties.setProperty("tcpKeepAlive", "true");
    return properties;
  }

  @Override
  public void close() {
    pool.close();
  }
}
