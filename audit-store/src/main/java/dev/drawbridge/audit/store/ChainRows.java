package dev.drawbridge.audit.store;

import dev.drawbridge.audit.record.CanonicalEncoding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps {@code audit.chains} up to date with newly stored events: a chain's head (last position,
 * hash and time) only moves forward, whatever order its events arrive in (a session's events may
 * sit in segments of different lanes), and its count grows by the events actually inserted.
 */
final class ChainRows {

  private static final String UPSERT =
      """
      insert into audit.chains as c (chain, kind, first_time, last_time, last_seq, last_hash, events)
      select * from unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::bigint[],
                           ?::text[], ?::bigint[])
      on conflict (chain) do update set
        first_time = least(c.first_time, excluded.first_time),
        last_time = case when excluded.last_seq > c.last_seq
                         then excluded.last_time else c.last_time end,
        last_hash = case when excluded.last_seq > c.last_seq
                         then excluded.last_hash else c.last_hash end,
        last_seq = greatest(c.last_seq, excluded.last_seq),
        events = c.events + excluded.events""";

  /** What one batch adds to one chain. */
  private static final class Step {
    private final String kind;
    private Instant first;
    private StoredEvent head;
    private long events;

    Step(StoredEvent event) {
      this.kind = event.inSessionChain() ? "session" : "gateway";
      this.first = event.record().time();
      this.head = event;
    }

    void add(StoredEvent event) {
      if (event.record().time().isBefore(first)) {
        first = event.record().time();
      }
      if (event.record().seq() > head.record().seq()) {
        head = event;
      }
      events++;
    }
  }

  private ChainRows() {}

  static void update(Connection connection, List<StoredEvent> stored) throws SQLException {
    if (stored.isEmpty()) {
      return;
    }
    Map<UUID, Step> steps = new LinkedHashMap<>();
    for (StoredEvent event : stored) {
      steps.computeIfAbsent(event.record().chain(), chain -> new Step(event)).add(event);
    }
    List<Object> chains = new ArrayList<>();
    List<Object> kinds = new ArrayList<>();
    List<Object> firsts = new ArrayList<>();
    List<Object> lasts = new ArrayList<>();
    List<Object> seqs = new ArrayList<>();
    List<Object> hashes = new ArrayList<>();
    List<Object> counts = new ArrayList<>();
    steps.forEach(
        (chain, step) -> {
          chains.add(chain);
          kinds.add(step.kind);
          firsts.add(CanonicalEncoding.time(step.first));
          lasts.add(step.head.time());
          seqs.add(step.head.record().seq());
          hashes.add(step.head.hash());
          counts.add(step.events);
        });
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      PgArrays.bind(upsert, List.of(chains, kinds, firsts, lasts, seqs, hashes, counts));
      upsert.executeUpdate();
    }
  }
}
