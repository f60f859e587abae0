package dev.drawbridge.audit.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the audit database refuses for what they hold (not because it is away): each is kept as
 * its canonical bytes in {@code rejected/<event id>.json} beside the journal, named in the log, and
 * counted, so that one such record never stops shipping for the rest and is never lost. {@code
 * drawbridge audit verify} reports it missing from the database.
 */
final class RejectedRecords {

  private static final Logger log = LoggerFactory.getLogger(Shipper.class);

  /** SQLSTATE classes that say the data, not the connection, is the problem. */
  private static final Set<String> PERMANENT = Set.of("22", "23", "54");

  private final Path dir;
  private final Runnable counted;

  RejectedRecords(Path journal, Runnable counted) {
    this.dir = journal.resolve("rejected");
    this.counted = counted;
  }

  /** Whether {@code failure} refuses the records themselves: retrying them cannot succeed. */
  static boolean permanent(SQLException failure) {
    String state = failure.getSQLState();
    return state != null && state.length() == 5 && PERMANENT.contains(state.substring(0, 2));
  }

  void keep(StoredEvent event, SQLException why) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(event.record().id() + ".json");
    Files.write(
        file,
        event.record().body(),
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING);
    counted.run();
    // the database's message may quote the value it refused: only its SQLSTATE is logged
    log.error(
        "audit shipping: the database refuses event {} ({} of chain {}, seq {}) with SQLSTATE {};"
            + " it is kept in {} and shipping goes on",
        event.record().id(),
        event.record().type(),
        event.record().chain(),
        event.record().seq(),
        why.getSQLState(),
        file);
  }
}
