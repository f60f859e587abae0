package dev.drawbridge.audit.query;

import dev.drawbridge.audit.query.ChainProblem.Fault;
import dev.drawbridge.audit.record.AuditRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks one chain's events in a window: each record hashes to its stored hash and agrees with the
 * columns stored beside it; stored positions run from 1 (or on from the last event stored before
 * the window) without gaps or repeats; each record names the hash of the record before it; and the
 * chain's head, where the source keeps one, is its last event. A pure function of the slice.
 */
public final class ChainVerifier {

  private final TimeWindow window;
  private final Unshipped unshipped;

  /** A verifier of slices read for {@code window}, for which every gap is a problem. */
  public ChainVerifier(TimeWindow window) {
    this(window, Unshipped.NONE);
  }

  /** A verifier of slices read for {@code window}; gaps at {@code unshipped} positions are not. */
  public ChainVerifier(TimeWindow window, Unshipped unshipped) {
    this.window = Objects.requireNonNull(window, "window");
    this.unshipped = Objects.requireNonNull(unshipped, "unshipped");
  }

  /** Every problem of {@code slice}, in the order of the positions they are at. */
  public List<ChainProblem> verify(ChainSlice slice) {
    return new Check(slice).run();
  }

  /** One slice's verification. */
  private final class Check {

    private final ChainSlice slice;
    private final ChainKind kind;
    private final List<ChainProblem> problems = new ArrayList<>();
    private final Map<Long, StoredEvent> byRecordSeq = new HashMap<>();
    private final Map<StoredEvent, AuditRecord> records = new IdentityHashMap<>();
    private final Map<StoredEvent, String> hashes = new IdentityHashMap<>();

    Check(ChainSlice slice) {
      this.slice = slice;
      this.kind = slice.kind();
    }

    List<ChainProblem> run() {
      slice.before().ifPresent(b -> byRecordSeq.put(b.seq(), b));
      for (StoredEvent event : slice.events()) {
        contents(event);
      }
      positions();
      for (StoredEvent event : slice.events()) {
        link(event);
      }
      slice.head().ifPresent(this::head);
      if (slice.head().isEmpty() && slice.headsKept() && !slice.events().isEmpty()) {
        problem(
            slice.events().getLast().seq(),
            Fault.MISSING,
            "the chain has events but no head in audit.chains: its head (and what followed"
                + " it) may have been removed");
      }
      problems.sort(Comparator.comparingLong(ChainProblem::seq));
      return problems;
    }

    /** The record hashes to its stored hash, parses, and agrees with its columns. */
    private void contents(StoredEvent event) {
      if (!hashOf(event).equals(event.hash())) {
        problem(
            event.seq(),
            Fault.ALTERED,
            "the record hashes to "
                + shortHash(hashOf(event))
                + " but its stored hash is "
                + shortHash(event.hash())
                + ": the record or its hash was changed");
      }
      AuditRecord record;
      try {
        record = event.parse();
      } catch (AuditRecord.MalformedRecordException e) {
        problem(event.seq(), Fault.ALTERED, "the record is not an audit record: " + e.getMessage());
        return;
      }
      records.put(event, record);
      byRecordSeq.putIfAbsent(record.seq(), event);
      if (record.seq() != event.seq()) {
        problem(
            event.seq(),
            Fault.REORDERED,
            "stored at seq " + event.seq() + " but its record says seq " + record.seq());
      }
      column(event, "chain", event.chain(), record.chain());
      column(event, "id", event.id(), record.id());
      column(event, "time", event.time(), record.time());
      column(event, "type", event.type(), record.type());
      column(event, "prev_hash", event.prevHash(), record.link().prev());
      List<String> stored = event.copied().values();
      List<String> recorded = CopiedColumns.of(record.tree()).values();
      for (int i = 0; i < stored.size(); i++) {
        column(event, CopiedColumns.NAMES.get(i), stored.get(i), recorded.get(i));
      }
    }

    private void column(StoredEvent event, String name, Object stored, Object recorded) {
      if (!Objects.equals(stored, recorded)) {
        problem(
            event.seq(),
            Fault.ALTERED,
            "column "
                + name
                + " holds "
                + Objects.requireNonNullElse(stored, "(none)")
                + " but the record says "
                + Objects.requireNonNullElse(recorded, "(none)"));
      }
    }

    /** Stored positions start where they must and run on without gaps or repeats. */
    private void positions() {
      List<StoredEvent> events = slice.events();
      if (events.isEmpty()) {
        return;
      }
      long first = events.getFirst().seq();
      Optional<StoredEvent> before = slice.before();
      if (before.isPresent()) {
        if (before.get().seq() < first - 1) {
          missing(before.get().seq() + 1, first - 1, "");
        }
      } else if (first > 1 && startsInWindow()) {
        missing(1, first - 1, " (the chain starts at seq 1)");
      }
      for (int i = 1; i < events.size(); i++) {
        StoredEvent previous = events.get(i - 1);
        StoredEvent event = events.get(i);
        if (event.seq() == previous.seq()) {
          problem(
              event.seq(),
              Fault.EXTRA,
              "a second event is stored at seq "
                  + event.seq()
                  + " (ids "
                  + previous.id()
                  + " and "
                  + event.id()
                  + ")");
        } else if (event.seq() > previous.seq() + 1) {
          missing(previous.seq() + 1, event.seq() - 1, "");
        }
      }
    }

    /** Whether the chain's first event must be in the window. */
    private boolean startsInWindow() {
      if (window.from() == null) {
        return true;
      }
      return slice.head().map(h -> !h.firstTime().isBefore(window.from())).orElse(false);
    }

    /** The record names, as the one before it, the hash of the record before it. */
    private void link(StoredEvent event) {
      AuditRecord record = records.get(event);
      if (record == null || record.seq() == 1 || byRecordSeq.get(record.seq()) != event) {
        return;
      }
      StoredEvent previous = byRecordSeq.get(record.seq() - 1);
      if (previous == null) {
        return;
      }
      String named = record.link().prev();
      if (named.equals(previous.hash()) || named.equals(hashOf(previous))) {
        return;
      }
      problem(
          record.seq() - 1,
          Fault.ALTERED,
          "its record hashes to "
              + shortHash(hashOf(previous))
              + " but seq "
              + record.seq()
              + " names "
              + shortHash(named)
              + " as the one before it: the event was rewritten (with its hash) or replaced");
    }

    /** The chain's head is its last stored event. */
    private void head(ChainHead head) {
      if (!window.reaches(head.lastTime())) {
        return;
      }
      List<StoredEvent> events = slice.events();
      if (events.isEmpty()) {
        problem(
            head.lastSeq(),
            Fault.MISSING,
            "the chain's head in audit.chains names seq "
                + head.lastSeq()
                + " at "
                + head.lastTime()
                + ", but no event of the chain in the window is stored");
        return;
      }
      StoredEvent last = events.getLast();
      if (last.seq() < head.lastSeq()) {
        missing(
            last.seq() + 1,
            head.lastSeq(),
            " (the chain's head in audit.chains names seq " + head.lastSeq() + ")");
      } else if (last.seq() > head.lastSeq()) {
        problem(
            head.lastSeq() + 1,
            Fault.EXTRA,
            "events run to seq "
                + last.seq()
                + ", past the chain's head in audit.chains (seq "
                + head.lastSeq()
                + ")");
      } else if (!head.lastHash().equals(last.hash()) && !head.lastHash().equals(hashOf(last))) {
        problem(
            last.seq(),
            Fault.ALTERED,
            "the chain's head in audit.chains names hash "
                + shortHash(head.lastHash())
                + " for its last event, which hashes to "
                + shortHash(hashOf(last)));
      }
    }

    /** The SHA-256 of the event's record as it is now, computed once. */
    private String hashOf(StoredEvent event) {
      return hashes.computeIfAbsent(event, StoredEvent::recomputedHash);
    }

    /** Reports the runs of {@code from..to} that are not waiting in the journal. */
    private void missing(long from, long to, String why) {
      long start = -1;
      for (long seq = from; seq <= to + 1; seq++) {
        boolean gap = seq <= to && !unshipped.contains(slice.chain(), seq);
        if (gap && start < 0) {
          start = seq;
        } else if (!gap && start >= 0) {
          long end = seq - 1;
          String which =
              start == end ? "seq " + start + " is" : "seq " + start + " to " + end + " are";
          problem(start, Fault.MISSING, which + " not stored" + why);
          start = -1;
        }
      }
    }

    private void problem(long seq, Fault fault, String detail) {
      problems.add(new ChainProblem(slice.chain(), kind, seq, fault, detail));
    }
  }

  private static String shortHash(String hash) {
    return hash == null ? "(none)" : hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
  }
}
