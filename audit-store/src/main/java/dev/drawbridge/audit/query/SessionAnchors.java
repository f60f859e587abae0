package dev.drawbridge.audit.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.audit.query.ChainProblem.Fault;
import dev.drawbridge.audit.record.CanonicalEncoding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Checks, across the chains of a window, that every session a gateway run's chain says it opened
 * ({@code session.opened}, recorded at the session's start time, so in the same window as its
 * start) still has a chain with events, that the chain's first record is the one the anchor names,
 * and, where the source keeps them, that it has its {@code audit.sessions} row. A session removed
 * whole is then found as long as its run's chain is verified, even once the journal no longer holds
 * it. Slices come in any order: anchors wait for their sessions, and the other way round.
 */
final class SessionAnchors {

  /** Where a run's chain names a session. */
  private record Anchor(UUID session, UUID run, ChainKind kind, long seq, String startHash) {

    /** {@code session 0193…, opened at gateway chain 0193… seq 4,}: for details. */
    String opened() {
      return "session " + session + ", opened at " + kind.label() + " chain " + run + " seq " + seq;
    }
  }

  /**
   * What a session's chain was seen with: whether it had events, and its first record's stored and
   * recomputed hashes when the window holds it (else {@code null}).
   */
  private record Seen(boolean events, String firstHash, String firstRecomputed) {

    static Seen of(ChainSlice slice) {
      for (StoredEvent event : slice.events()) {
        if (event.seq() == 1) {
          return new Seen(true, event.hash(), event.recomputedHash());
        }
      }
      return new Seen(!slice.events().isEmpty(), null, null);
    }

    /** Whether the first record is not the one {@code hash} names, when both are known. */
    boolean startsOtherThan(String hash) {
      return hash != null
          && firstHash != null
          && !hash.equals(firstHash)
          && !hash.equals(firstRecomputed);
    }
  }

  private final Unshipped unshipped;
  private final Map<UUID, Anchor> waiting = new HashMap<>();
  private final Map<UUID, Seen> seen = new HashMap<>();
  private final List<Anchor> found = new ArrayList<>();
  private final List<ChainProblem> problems = new ArrayList<>();

  SessionAnchors(Unshipped unshipped) {
    this.unshipped = unshipped;
  }

  /** Takes the anchors in {@code slice}, and the slice as the chain a session may be. */
  void add(ChainSlice slice) {
    Seen chain = Seen.of(slice);
    Anchor anchor = waiting.remove(slice.chain());
    if (anchor != null) {
      match(anchor, chain);
    } else {
      seen.merge(slice.chain(), chain, (a, b) -> a.events() ? a : b);
    }
    ChainKind kind = slice.kind();
    for (StoredEvent event : slice.events()) {
      if (event.type().equals(CanonicalEncoding.SESSION_OPENED)) {
        anchor(event, kind);
      }
    }
  }

  private void anchor(StoredEvent event, ChainKind kind) {
    Optional<JsonNode> body = event.body();
    UUID id;
    try {
      id = UUID.fromString(body.map(b -> StoredEvent.text(b, "session")).orElseThrow());
    } catch (RuntimeException e) {
      // an anchor that does not name a session was changed: its chain's own check says so
      return;
    }
    Anchor anchor =
        new Anchor(
            id,
            event.chain(),
            kind,
            event.seq(),
            body.map(b -> StoredEvent.text(b, "startSha256")).orElse(null));
    Seen chain = seen.remove(id);
    if (chain != null) {
      match(anchor, chain);
    } else {
      waiting.put(id, anchor);
    }
  }

  private void match(Anchor anchor, Seen chain) {
    if (!chain.events()) {
      missing(anchor).ifPresent(problems::add);
      return;
    }
    found.add(anchor);
    if (chain.startsOtherThan(anchor.startHash())) {
      problems.add(
          new ChainProblem(
              anchor.session(),
              ChainKind.SESSION,
              1,
              Fault.ALTERED,
              "its first record hashes to "
                  + shortHash(chain.firstRecomputed())
                  + " but "
                  + anchor.opened()
                  + ", names "
                  + shortHash(anchor.startHash())
                  + ": the session's start was replaced"));
    }
  }

  /** The problem of an anchor whose session has no events, unless its start waits to ship. */
  private Optional<ChainProblem> missing(Anchor anchor) {
    if (unshipped.contains(anchor.session(), 1)) {
      return Optional.empty();
    }
    return Optional.of(
        new ChainProblem(
            anchor.run(),
            anchor.kind(),
            anchor.seq(),
            Fault.MISSING,
            anchor.opened() + ", has no events: removed?"));
  }

  /** The sessions whose anchors found their chains: those that must have rows. */
  Set<UUID> anchored() {
    Set<UUID> sessions = new HashSet<>();
    for (Anchor anchor : found) {
      sessions.add(anchor.session());
    }
    return sessions;
  }

  /**
   * Every problem found once every slice was added: anchors whose sessions have no events, first
   * records that are not the ones named and, when {@code rows} is given (those of {@link #anchored}
   * sessions that have a row in {@code audit.sessions}), anchored sessions without a row.
   */
  List<ChainProblem> problems(Optional<Set<UUID>> rows) {
    List<ChainProblem> all = new ArrayList<>(problems);
    waiting.values().stream()
        .sorted(Comparator.comparing(Anchor::run).thenComparingLong(Anchor::seq))
        .forEach(anchor -> missing(anchor).ifPresent(all::add));
    rows.ifPresent(
        present -> {
          for (Anchor anchor : found) {
            if (!present.contains(anchor.session()) && !unshipped.contains(anchor.session(), 1)) {
              all.add(
                  new ChainProblem(
                      anchor.run(),
                      anchor.kind(),
                      anchor.seq(),
                      Fault.MISSING,
                      anchor.opened() + ", has events but no row in audit.sessions: removed?"));
            }
          }
        });
    return all;
  }

  private static String shortHash(String hash) {
    return hash == null ? "(none)" : hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
  }
}
