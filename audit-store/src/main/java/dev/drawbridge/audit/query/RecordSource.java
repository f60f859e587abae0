package dev.drawbridge.audit.query;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Where the audit trail is read from: the database the shipper fills, or, without one, the journal
 * directory alone (read without opening it for writing, so a running gateway keeps it).
 */
public sealed interface RecordSource permits DatabaseRecordSource, JournalRecordSource {

  /** What is read, for people: {@code database}, {@code journal /var/lib/drawbridge/journal}. */
  String describe();

  /** Sessions matching {@code filter}, newest first. */
  List<SessionSummary> sessions(SessionFilter filter) throws AuditQueryException;

  /**
   * Every event of one session (including any recorded after its end and its anchor in its run's
   * chain), in time order; at the same time, the session's own chain first.
   */
  List<StoredEvent> sessionEvents(UUID session) throws AuditQueryException;

  /** Events of {@code types} from {@code since} on, then those that arrive after. */
  EventFeed follow(Instant since, Set<String> types) throws AuditQueryException;

  /**
   * Hands every chain with events in {@code window} to {@code visitor}, one slice at a time, in the
   * order of the chains' ids; then, where heads are kept, the chains whose heads meet the window
   * but which have no event in it, with no events.
   */
  void chains(TimeWindow window, ChainVisitor visitor) throws AuditQueryException, IOException;

  /** Receives one chain's slice. */
  @FunctionalInterface
  interface ChainVisitor {
    void visit(ChainSlice slice) throws IOException;
  }
}
