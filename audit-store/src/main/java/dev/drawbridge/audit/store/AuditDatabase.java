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

  private final HikariDataSource pool;

  private AuditDatabase(HikariDataSource pool) {
    this.pool = pool;
  }

  /** A pool on the configured database; no connection is made until one is needed. */
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
    return new AuditDatabase(new HikariDataSource(hikari));
  }

  /**
   * Brings schema {@code audit} up to date (history in {@code audit.flyway_schema_history}).
   *
   * @return how many migrations were applied
   * @throws org.flywaydb.core.api.FlywayException when the database refuses or cannot be reached
   */
  public int migrate() {
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
  public DataSource dataSource() {
    return pool;
  }

  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  @Override
  public void close() {
    pool.close();
  }
}
