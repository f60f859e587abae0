package dev.drawbridge.audit.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.drawbridge.config.PostgresStoreConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The PostgreSQL database audit events are shipped to: a small connection pool, and the Flyway
 * migrations of schema {@code audit}. Opening it does not need the database to be up (the journal
 * holds events until it is); {@link #migrate()} does.
 */
public final class AuditDatabase implements AutoCloseable {

  /** How the pool's sessions show in {@code pg_stat_activity}. */
  public static final String APPLICATION_NAME = "drawbridge audit";

  private static final int POOL_SIZE = 2;
  private static final Duration POOL_WAIT = Duration.ofSeconds(2);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

  private final HikariConfig settings;
  private HikariDataSource pool;
  private boolean closed;

  private AuditDatabase(HikariConfig settings) {
    this.settings = settings;
  }

  /**
   * A pool on the configured database, made when first needed: neither a database that is away nor
   * settings the driver cannot use stop the gateway from starting (the journal holds events until
   * shipping works; readiness reports the store).
   */
  public static AuditDatabase open(PostgresStoreConfig config) {
    Objects.requireNonNull(config.url(), "the audit database needs a url");
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("drawbridge-audit");
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
    hikari.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
    hikari.addDataSourceProperty("connectTimeout", CONNECT_TIMEOUT.toSeconds());
    hikari.addDataSourceProperty("socketTimeout", SOCKET_TIMEOUT.toSeconds());
    hikari.addDataSourceProperty("tcpKeepAlive", true);
    return new AuditDatabase(hikari);
  }

  /**
   * Brings schema {@code audit} up to date (history in {@code audit.flyway_schema_history}).
   *
   * @return how many migrations were applied
   * @throws org.flywaydb.core.api.FlywayException when the database refuses or cannot be reached
   */
  public int migrate() {
    DataSource pool;
    try {
      pool = pool();
    } catch (SQLException e) {
      throw new org.flywaydb.core.api.FlywayException(e.getMessage(), e);
    }
    return Flyway.configure()
        .dataSource(pool)
        .locations("classpath:db/audit")
        .schemas("audit")
        .defaultSchema("audit")
        .table("flyway_schema_history")
        .load()
        .migrate()
        .migrationsExecuted;
  }

  /** The pool, for readers of the audit schema. */
  public DataSource dataSource() throws SQLException {
    return pool();
  }

  Connection connection() throws SQLException {
    return pool().getConnection();
  }

  private synchronized HikariDataSource pool() throws SQLException {
    if (closed) {
      throw new SQLException("the audit database pool is closed");
    }
    if (pool == null) {
      try {
        pool = new HikariDataSource(settings);
      } catch (RuntimeException e) {
        // the driver refused the URL; its text may carry a password, so it is not repeated
        throw new SQLException(
            "the store's connection settings are not usable (store.postgres.url)", "08001");
      }
    }
    return pool;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (pool != null) {
      pool.close();
    }
  }
}
