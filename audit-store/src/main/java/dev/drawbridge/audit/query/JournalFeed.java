package dev.drawbridge.audit.query;

import dev.drawbridge.audit.journal.SegmentFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * New records in a journal directory: each poll reads every segment from where the last one stopped
 * (new segments from their start) and forgets segments that were trimmed.
 */
final class JournalFeed implements EventFeed {

  private final Path dir;
  private final Instant since;
  private final Set<String> types;
  private final Map<Long, Long> offsets = new HashMap<>();

  JournalFeed(Path dir, Instant since, Set<String> types) {
    this.dir = dir;
    this.since = since;
    this.types = Set.copyOf(types);
  }

  @Override
  public List<StoredEvent> poll() throws AuditQueryException {
    JournalReader.requireJournal(dir);
    List<JournalReader.Entry> entries = new ArrayList<>();
    Map<Long, Long> reached = new HashMap<>();
    try {
      for (Path segment : SegmentFiles.list(dir)) {
        long number = JournalReader.number(segment).orElseThrow();
        long from = offsets.getOrDefault(number, 0L);
        reached.put(number, JournalReader.scan(segment, from, entries::add));
      }
    } catch (IOException e) {
      throw new AuditQueryException("cannot read the journal " + dir + ": " + e.getMessage(), e);
    }
    offsets.clear();
    offsets.putAll(reached);
    return entries.stream()
        .map(JournalReader.Entry::record)
        .filter(r -> types.contains(r.type()) && !r.time().isBefore(since))
        .map(StoredEvent::of)
        .sorted(
            Comparator.comparing(StoredEvent::time)
                .thenComparing(e -> e.chain().toString())
                .thenComparingLong(StoredEvent::seq))
        .toList();
  }
}
