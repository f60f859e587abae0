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

  /** How long after a failed migration the next connection tries again. */
  private static final Duration RETRY = Duration.ofSeconds(5);

  private final PostgresStoreConfig config;
  private final HikariConfig settings;
  private HikariDataSource pool;
  private boolean migrated;
  private long lastAttempt;
  private String lastFailure = "not tried yet";
  private boolean closed;

  private PolicyDatabase(PostgresStoreConfig config, HikariConfig settings) {
    this.config = config;
    this.settings = settings;
  }

  /**
   * A pool on the store database, made when first needed, and schema {@code policy} brought up to
   * date on first use: neither a database that is away nor settings the driver cannot use stop the
   * gateway from starting (approvals fail closed until the store answers; readiness reports it).
   */
  public static PolicyDatabase open(PostgresStoreConfig config) {
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
    return new PolicyDatabase(config, hikari);
  }

  /**
   * A pooled connection to a database whose schema {@code policy} is up to date.
   *
   * @throws SQLException when the database cannot be reached or migrated; the message never repeats
   *     the URL (it may carry a password)
   */
  public Connection connection() throws SQLException {
    return migrated().getConnection();
  }

  private synchronized HikariDataSource migrated() throws SQLException {
    if (closed) {
      throw new SQLException("the policy database pool is closed");
    }
    if (pool == null) {
      try {
        pool = new HikariDataSource(settings);
      } catch (RuntimeException e) {
        throw new SQLException(
            "the store's connection settings are not usable (store.postgres.url)", "08001");
      }
    }
    if (migrated) {
      return pool;
    }
    long now = System.nanoTime();
    if (lastAttempt != 0 && now - lastAttempt < RETRY.toNanos()) {
      throw new SQLException("schema policy is not up to date yet: " + lastFailure, "08001");
    }
    lastAttempt = now;
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/policy")
          .schemas("policy")
          .defaultSchema("policy")
          .table("flyway_schema_history")
          .load()
          .migrate();
      migrated = true;
      return pool;
    } catch (RuntimeException e) {
      lastFailure = firstLine(e.getMessage());
      throw new SQLException("cannot bring schema policy up to date: " + lastFailure, "08001", e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
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
    try {
      return DriverManager.getConnection(config.url(), properties);
    } catch (SQLException e) {
      // the driver may repeat the URL, which may carry a password
      String message =
          e.getMessage() == null
              ? ""
              : e.getMessage().replace(config.url(), "(store.postgres.url)");
      throw new SQLException(firstLine(message), e.getSQLState());
    }
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
  public synchronized void close() {
    closed = true;
    if (pool != null) {
      pool.close();
    }
  }
}
