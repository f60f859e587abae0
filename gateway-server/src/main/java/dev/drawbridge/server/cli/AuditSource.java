package dev.drawbridge.server.cli;

import dev.drawbridge.audit.query.AuditQueryException;
import dev.drawbridge.audit.query.DatabaseRecordSource;
import dev.drawbridge.audit.query.JournalRecordSource;
import dev.drawbridge.audit.query.RecordSource;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.LoadedConfig;
import dev.drawbridge.config.PostgresStoreConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;

/**
 * Which audit trail the {@code audit} commands read, said on standard error: the store database
 * when {@code store.postgres} is configured, otherwise the journal directory alone. Runs a command
 * against it and turns what cannot be read into a message and exit status 1.
 */
final class AuditSource {

  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  /** What an {@code audit} command does with the trail once it is open. */
  @FunctionalInterface
  interface Action {
    int run(RecordSource source, DrawbridgeConfig config, PrintWriter out, PrintWriter err)
        throws AuditQueryException, IOException;
  }

  private AuditSource() {}

  static int run(CommandLine.Model.CommandSpec spec, ConfigFile file, Action action) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<LoadedConfig> loaded = file.load(err);
    if (loaded.isEmpty()) {
      return ExitCodes.INVALID_CONFIG;
    }
    DrawbridgeConfig config = loaded.get().config();
    try {
      RecordSource source = open(config, err);
      return action.run(source, config, out, err);
    } catch (AuditQueryException | IOException | IllegalArgumentException e) {
      err.println("drawbridge: " + e.getMessage());
      return ExitCodes.ERROR;
    } finally {
      out.flush();
      err.flush();
    }
  }

  static RecordSource open(DrawbridgeConfig config, PrintWriter err) throws AuditQueryException {
    Optional<PostgresStoreConfig> store = config.store().postgresStore();
    if (store.isPresent()) {
      err.println("audit: reading the store database (store.postgres)");
      return new DatabaseRecordSource(dataSource(store.get()));
    }
    err.println(
        "audit: reading the journal "
            + config.audit().journal()
            + " alone (no store.postgres configured; shipped and trimmed segments are not in it)");
    return new JournalRecordSource(config.audit().journal());
  }

  /**
   * The journal directory, for comparing with the database, when it is on this machine; says so
   * when it is not.
   */
  static Optional<JournalRecordSource> localJournal(DrawbridgeConfig config, PrintWriter err) {
    Path journal = config.audit().journal();
    if (!Files.isDirectory(journal)) {
      err.println("audit: no journal at " + journal + " on this machine; not compared");
      return Optional.empty();
    }
    return Optional.of(new JournalRecordSource(journal));
  }

  private static PGSimpleDataSource dataSource(PostgresStoreConfig store)
      throws AuditQueryException {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    try {
      dataSource.setURL(store.url());
    } catch (IllegalArgumentException e) {
      // pgjdbc's message repeats the URL, which may carry a password
      throw new AuditQueryException("store.postgres.url is not a usable PostgreSQL JDBC URL");
    }
    if (store.username() != null) {
      dataSource.setUser(store.username());
    }
    if (store.password() != null) {
      dataSource.setPassword(store.password().reveal());
    }
    dataSource.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
    dataSource.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
    dataSource.setApplicationName("drawbridge-audit");
    dataSource.setReadOnly(true);
    return dataSource;
  }
}
