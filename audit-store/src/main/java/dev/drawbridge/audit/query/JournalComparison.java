package dev.drawbridge.audit.query;

import dev.drawbridge.audit.query.ChainProblem.Fault;
import dev.drawbridge.audit.record.AuditRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The journal compared with the database: every record the journal holds in a window should have
 * its row, unless the journal's checkpoint says it was not shipped yet. Rows the journal no longer
 * holds are expected: shipped segments are trimmed.
 *
 * <p>The journal and then its checkpoint are read first, the database asked after: a record shipped
 * meanwhile is found either not shipped yet or in the database, never missing.
 */
public final class JournalComparison {

  private final String journal;
  private final TimeWindow window;
  private final List<JournalReader.Entry> entries;
  private final JournalCheckpoint checkpoint;
  private final Set<Position> unshipped = new HashSet<>();

  private record Position(UUID chain, long seq) {}

  private JournalComparison(
      String journal,
      TimeWindow window,
      List<JournalReader.Entry> entries,
      JournalCheckpoint checkpoint) {
    this.journal = journal;
    this.window = window;
    this.entries = entries;
    this.checkpoint = checkpoint;
    for (JournalReader.Entry entry : entries) {
      if (!checkpoint.shipped(entry.segment(), entry.end())) {
        unshipped.add(new Position(entry.record().chain(), entry.record().seq()));
      }
    }
  }

  /** Reads the journal's records in {@code window}, then its checkpoint. */
  public static JournalComparison read(JournalRecordSource journal, TimeWindow window)
      throws AuditQueryException {
    List<JournalReader.Entry> entries = new ArrayList<>();
    JournalReader.forEach(
        journal.dir(),
        entry -> {
          if (window.contains(entry.record().time())) {
            entries.add(entry);
          }
        });
    JournalCheckpoint checkpoint = JournalCheckpoint.read(journal.dir());
    return new JournalComparison(journal.dir().toString(), window, entries, checkpoint);
  }

  /** The positions of the records read that were not shipped yet. */
  public Unshipped unshipped() {
    return (chain, seq) -> unshipped.contains(new Position(chain, seq));
  }

  /** Asks the database for every record read. */
  public JournalCheck compare(DatabaseRecordSource database) throws AuditQueryException {
    Map<UUID, String> stored =
        database.storedHashes(entries.stream().map(e -> e.record().id()).toList());
    long rows = database.count(window);
    long pending = 0;
    List<ChainProblem> missing = new ArrayList<>();
    for (JournalReader.Entry entry : entries) {
      AuditRecord record = entry.record();
      String storedHash = stored.get(record.id());
      if (storedHash != null) {
        if (!storedHash.equals(record.hash())) {
          missing.add(
              new ChainProblem(
                  record.chain(),
                  kindOf(record),
                  record.seq(),
                  Fault.ALTERED,
                  "event "
                      + record.id()
                      + " ("
                      + record.type()
                      + ") in the database is not the record the journal holds (segment "
                      + entry.segment()
                      + ")"));
        }
        continue;
      }
      if (!checkpoint.shipped(entry.segment(), entry.end())) {
        pending++;
        continue;
      }
      missing.add(
          new ChainProblem(
              record.chain(),
              kindOf(record),
              record.seq(),
              Fault.MISSING,
              "event "
                  + record.id()
                  + " ("
                  + record.type()
                  + ") is in the journal (segment "
                  + entry.segment()
                  + ") and shipped by its checkpoint, but not in the database"));
    }
    return new JournalCheck(journal, entries.size(), rows, pending, missing);
  }

  private static ChainKind kindOf(AuditRecord record) {
    String session = record.tree().path("session").asText(null);
    return record.chain().toString().equals(session) ? ChainKind.SESSION : ChainKind.GATEWAY;
  }
}
