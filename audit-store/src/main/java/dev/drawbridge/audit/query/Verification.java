package dev.drawbridge.audit.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What verifying a window found.
 *
 * @param source what was read ({@link RecordSource#describe()})
 * @param window the window verified
 * @param chains chains with events in the window
 * @param events events checked
 * @param problems every problem found, chain by chain
 * @param journal the journal compared with the database, when it was
 */
public record Verification(
    String source,
    TimeWindow window,
    long chains,
    long events,
    List<ChainProblem> problems,
    Optional<JournalCheck> journal) {

  public Verification {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(window, "window");
    problems = List.copyOf(problems);
    Objects.requireNonNull(journal, "journal");
  }

  /** Reads every chain of {@code window} from {@code source} and verifies it. */
  public static Verification of(RecordSource source, TimeWindow window) throws AuditQueryException {
    return of(source, window, Unshipped.NONE);
  }

  /**
   * Verifies the database's chains of {@code window} and compares {@code journal} with them: the
   * journal is read first, so a gap in the database at a record it holds but has not shipped yet is
   * pending, not a problem.
   */
  public static Verification of(
      DatabaseRecordSource database, TimeWindow window, JournalRecordSource journal)
      throws AuditQueryException {
    JournalComparison comparison = JournalComparison.read(journal, window);
    return of(database, window, comparison.unshipped()).withJournal(comparison.compare(database));
  }

  private static Verification of(RecordSource source, TimeWindow window, Unshipped unshipped)
      throws AuditQueryException {
    Tally tally = new Tally(source.describe(), window, unshipped);
    try {
      source.chains(window, tally::add);
    } catch (IOException e) {
      throw new AuditQueryException("cannot verify: " + e.getMessage(), e);
    }
    return tally.result(source);
  }

  /** Nothing wrong with the chains, and nothing shipped is missing from the database. */
  public boolean clean() {
    return problems.isEmpty() && journal.map(JournalCheck::clean).orElse(true);
  }

  /** Every problem: the chains', and records shipped from the journal but missing. */
  public List<ChainProblem> allProblems() {
    List<ChainProblem> all = new ArrayList<>(problems);
    journal.ifPresent(check -> all.addAll(check.missing()));
    return all;
  }

  /** This verification with the journal's comparison added. */
  public Verification withJournal(JournalCheck check) {
    return new Verification(source, window, chains, events, problems, Optional.of(check));
  }

  /**
   * Verifies slices as a source hands them over and adds up what it found; once every slice is in,
   * checks that every session a run's chain in the window says it opened is still there.
   */
  public static final class Tally {

    private final String source;
    private final TimeWindow window;
    private final ChainVerifier verifier;
    private final SessionAnchors anchors;
    private final List<ChainProblem> problems = new ArrayList<>();
    private long chains;
    private long events;

    public Tally(String source, TimeWindow window, Unshipped unshipped) {
      this.source = source;
      this.window = window;
      this.verifier = new ChainVerifier(window, unshipped);
      this.anchors = new SessionAnchors(unshipped);
    }

    public void add(ChainSlice slice) {
      if (!slice.events().isEmpty()) {
        chains++;
        events += slice.events().size();
      }
      problems.addAll(verifier.verify(slice));
      anchors.add(slice);
    }

    /**
     * What was found, once {@code from} (the source the slices came from) handed over every slice:
     * in the database, the sessions its run's chains opened must also have their {@code
     * audit.sessions} rows (looked up now, after the slices' snapshot: rows are only added since,
     * unless removed).
     */
    public Verification result(RecordSource from) throws AuditQueryException {
      Optional<Set<UUID>> rows =
          from instanceof DatabaseRecordSource database
              ? Optional.of(database.sessionRows(anchors.anchored()))
              : Optional.empty();
      List<ChainProblem> all = new ArrayList<>(problems);
      all.addAll(anchors.problems(rows));
      return new Verification(source, window, chains, events, all, Optional.empty());
    }
  }
}
