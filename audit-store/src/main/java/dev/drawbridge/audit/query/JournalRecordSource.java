package dev.drawbridge.audit.query;

import dev.drawbridge.audit.record.AuditRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The audit trail in a journal directory alone, for a gateway without a database. Every query reads
 * every segment; records already shipped and trimmed are no longer there, and the journal keeps no
 * chain heads, so a removed last event cannot be told from one never written.
 */
public final class JournalRecordSource implements RecordSource {

  private static final Comparator<StoredEvent> BY_POSITION =
      Comparator.comparingLong(StoredEvent::seq).thenComparing(e -> e.id().toString());

  private final Path dir;

  public JournalRecordSource(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  @Override
  public String describe() {
    return "journal " + dir;
  }

  @Override
  public List<SessionSummary> sessions(SessionFilter filter) throws AuditQueryException {
    JournalSessions sessions = new JournalSessions();
    JournalReader.forEach(dir, entry -> sessions.add(entry.record()));
    return sessions.newest(filter);
  }

  @Override
  public List<StoredEvent> sessionEvents(UUID session) throws AuditQueryException {
    String id = session.toString();
    List<StoredEvent> events = new ArrayList<>();
    JournalReader.forEach(
        dir,
        entry -> {
          AuditRecord record = entry.record();
          if (record.chain().equals(session)
              || id.equals(record.tree().path("session").asText(null))) {
            events.add(StoredEvent.of(record));
          }
        });
    events.sort(
        Comparator.comparing(StoredEvent::time)
            .thenComparing(e -> !e.chain().equals(session))
            .thenComparing(e -> e.chain().toString())
            .thenComparing(BY_POSITION));
    return events;
  }

  @Override
  public EventFeed follow(Instant since, Set<String> types) {
    return new JournalFeed(dir, Objects.requireNonNull(since, "since"), types);
  }

  /**
   * Holds the window's records, chain by chain, and for each chain the last record before the
   * window: a journal interleaves chains, so a chain is whole only once every segment was read.
   */
  @Override
  public void chains(TimeWindow window, ChainVisitor visitor)
      throws AuditQueryException, IOException {
    Map<String, List<StoredEvent>> inWindow = new TreeMap<>();
    Map<String, StoredEvent> before = new HashMap<>();
    JournalReader.forEach(
        dir,
        entry -> {
          StoredEvent event = StoredEvent.of(entry.record());
          String chain = event.chain().toString();
          if (window.contains(event.time())) {
            inWindow.computeIfAbsent(chain, c -> new ArrayList<>()).add(event);
          } else if (window.start().map(event.time()::isBefore).orElse(false)) {
            before.merge(chain, event, (a, b) -> a.seq() >= b.seq() ? a : b);
          }
        });
    for (List<StoredEvent> events : inWindow.values()) {
      events.sort(BY_POSITION);
      StoredEvent first = events.getFirst();
      Optional<StoredEvent> previous =
          Optional.ofNullable(before.get(first.chain().toString()))
              .filter(b -> b.seq() < first.seq());
      visitor.visit(new ChainSlice(first.chain(), events, previous, Optional.empty(), false));
    }
  }

  Path dir() {
    return dir;
  }
}
