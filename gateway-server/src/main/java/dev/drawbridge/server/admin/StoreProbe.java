package dev.drawbridge.server.admin;

import dev.drawbridge.config.PostgresStoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks on a schedule, off every event loop, that the configured store database answers; {@link
 * #status()} reports the latest result from memory.
 */
public final class StoreProbe implements ReadinessCheck, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StoreProbe.class);
  private static final int TIMEOUT_SECONDS = 3;

  private final PostgresStoreConfig store;
  private final ScheduledExecutorService scheduler;
  private volatile Status status = Status.notReady("store not checked yet");

  private StoreProbe(PostgresStoreConfig store) {
    this.store = store;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("drawbridge-store-probe").daemon(true).factory());
  }

  /** Starts probing now and then every {@code interval}. */
  public static StoreProbe start(PostgresStoreConfig store, Duration interval) {
    StoreProbe probe = new StoreProbe(store);
    probe.scheduler.scheduleWithFixedDelay(
        probe::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return probe;
  }

  @Override
  public String name() {
    return "store";
  }

  @Override
  public Status status() {
    return status;
  }

  private void probe() {
    Properties props = new Properties();
    if (store.username() != null) {
      props.setProperty("user", store.username());
    }
    if (store.password() != null) {
      props.setProperty("password", store.password().reveal());
    }
    props.setProperty("connectTimeout", Integer.toString(TIMEOUT_SECONDS));
    props.setProperty("socketTimeout", Integer.toString(TIMEOUT_SECONDS));
    props.setProperty("loginTimeout", Integer.toString(TIMEOUT_SECONDS));
    props.setProperty("ApplicationName", "drawbridge-readiness");
    Status next;
    try (Connection connection = DriverManager.getConnection(store.url(), props)) {
      next =
          connection.isValid(TIMEOUT_SECONDS)
              ? Status.ok("store answers")
              : Status.notReady("store did not answer within " + TIMEOUT_SECONDS + "s");
    } catch (SQLException e) {
      next = Status.notReady(StoreFailures.describe(e));
    }
    if (next.ready() != status.ready()) {
      log.info("store readiness: {}", next.detail());
    }
    status = next;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
