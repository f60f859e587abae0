package dev.drawbridge.audit.query;

import java.util.List;
import java.util.Objects;

/**
 * The journal compared with the database over a window.
 *
 * @param journal the journal directory
 * @param journalRecords records the journal holds in the window
 * @param databaseRows rows the database holds in the window (more than the journal once shipped
 *     segments were trimmed)
 * @param pending journal records not in the database that the checkpoint says are not shipped yet
 * @param missing journal records not in the database although the checkpoint says they were shipped
 */
public record JournalCheck(
    String journal,
    long journalRecords,
    long databaseRows,
    long pending,
    List<ChainProblem> missing) {

  public JournalCheck {
    Objects.requireNonNull(journal, "journal");
    missing = List.copyOf(missing);
  }

  public boolean clean() {
    return missing.isEmpty();
  }
}
