package dev.drawbridge.policy.simulation;

import dev.drawbridge.core.model.Resource;
import dev.drawbridge.policy.simulation.SimulationReport.AgentRow;
import dev.drawbridge.policy.simulation.SimulationReport.Example;
import dev.drawbridge.policy.simulation.SimulationReport.GrantRow;
import dev.drawbridge.policy.simulation.SimulationReport.ReasonRow;
import dev.drawbridge.policy.simulation.SimulationReport.Tally;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;

/** The running counts of a simulation, each with the earliest operations behind it. */
final class Tallies {

  /** Earliest first: by time, then by event id (time-ordered too). */
  private static final Comparator<Replay> EARLIEST =
      Comparator.comparing((Replay r) -> r.recorded().time())
          .thenComparing(r -> r.recorded().eventId());

  private record AgentKey(String agent, Outcome outcome) {}

  private record GrantKey(String recorded, String candidate, Outcome outcome) {}

  private final int examples;
  private long operations;
  private Instant first;
  private Instant last;
  private final Map<Outcome, Figure> totals = new EnumMap<>(Outcome.class);
  private final Map<AgentKey, Figure> agents = new HashMap<>();
  private final Map<GrantKey, Figure> grants = new HashMap<>();
  private final Map<String, Figure> reasons = new HashMap<>();
  private final Map<Outcome, Earliest> full = new EnumMap<>(Outcome.class);

  Tallies(int examples) {
    this.examples = examples;
  }

  void add(Replay replay) {
    Recorded recorded = replay.recorded();
    Outcome outcome = replay.outcome();
    operations++;
    first = first == null || recorded.time().isBefore(first) ? recorded.time() : first;
    last = last == null || recorded.time().isAfter(last) ? recorded.time() : last;
    figure(totals, outcome).add(replay);
    figure(agents, new AgentKey(recorded.agent(), outcome)).add(replay);
    figure(
            grants,
            new GrantKey(grant(replay.recordedVerdict()), grant(replay.candidate()), outcome))
        .add(replay);
    if (outcome == Outcome.NOT_REPLAYABLE) {
      figure(reasons, replay.note()).add(replay);
    }
    if (outcome != Outcome.UNCHANGED && examples > 0) {
      full.computeIfAbsent(outcome, o -> new Earliest(examples)).add(replay);
    }
  }

  SimulationReport report(List<String> notes) {
    Map<Outcome, Tally> totalTallies = new EnumMap<>(Outcome.class);
    for (Outcome outcome : Outcome.values()) {
      Figure figure = totals.get(outcome);
      totalTallies.put(outcome, figure == null ? Tally.NONE : figure.tally());
    }
    List<AgentRow> agentRows = new ArrayList<>();
    agents.forEach(
        (key, figure) -> agentRows.add(new AgentRow(key.agent(), key.outcome(), figure.tally())));
    agentRows.sort(Comparator.comparing(AgentRow::agent).thenComparing(AgentRow::outcome));
    List<GrantRow> grantRows = new ArrayList<>();
    grants.forEach(
        (key, figure) ->
            grantRows.add(
                new GrantRow(key.recorded(), key.candidate(), key.outcome(), figure.tally())));
    grantRows.sort(
        Comparator.comparing(GrantRow::recordedGrant)
            .thenComparing(GrantRow::candidateGrant)
            .thenComparing(GrantRow::outcome));
    List<ReasonRow> reasonRows = new ArrayList<>();
    reasons.forEach((why, figure) -> reasonRows.add(new ReasonRow(why, figure.tally())));
    reasonRows.sort(
        Comparator.comparingLong((ReasonRow r) -> -r.tally().count())
            .thenComparing(ReasonRow::why));
    Map<Outcome, List<Example>> examplesByOutcome = new EnumMap<>(Outcome.class);
    full.forEach(
        (outcome, earliest) ->
            examplesByOutcome.put(
                outcome, earliest.sorted().stream().map(Tallies::example).toList()));
    return new SimulationReport(
        operations,
        first,
        last,
        totalTallies,
        agentRows,
        grantRows,
        reasonRows,
        examplesByOutcome,
        notes);
  }

  private static <K> Figure figure(Map<K, Figure> figures, K key) {
    return figures.computeIfAbsent(key, k -> new Figure());
  }

  private static String grant(Verdict verdict) {
    return verdict == null || verdict.grantId() == null ? "" : verdict.grantId();
  }

  private static Example example(Replay replay) {
    return switch (replay.recorded()) {
      case RecordedOperation op ->
          new Example(
              op.eventId(),
              op.time(),
              op.agent(),
              op.connection(),
              op.action().configName(),
              op.verb(),
              op.resources(),
              op.recorded(),
              replay.candidate(),
              replay.note());
      case UnreplayableOperation op ->
          new Example(
              op.eventId(),
              op.time(),
              op.agent(),
              op.connection(),
              "",
              "",
              List.<Resource>of(),
              null,
              null,
              replay.note());
    };
  }

  /** A count and its earliest few operations. */
  private static final class Figure {
    private long count;
    private final Earliest earliest = new Earliest(Simulation.EVENTS_PER_FIGURE);

    void add(Replay replay) {
      count++;
      earliest.add(replay);
    }

    Tally tally() {
      List<UUID> events = earliest.sorted().stream().map(r -> r.recorded().eventId()).toList();
      return new Tally(count, events);
    }
  }

  /** The {@code size} earliest operations seen, whatever the order they came in. */
  private static final class Earliest {
    private final int size;
    private final PriorityQueue<Replay> latestFirst = new PriorityQueue<>(EARLIEST.reversed());

    Earliest(int size) {
      this.size = size;
    }

    void add(Replay replay) {
      if (size == 0) {
        return;
      }
      if (latestFirst.size() < size) {
        latestFirst.add(replay);
      } else if (EARLIEST.compare(replay, latestFirst.peek()) < 0) {
        latestFirst.poll();
        latestFirst.add(replay);
      }
    }

    List<Replay> sorted() {
      List<Replay> sorted = new ArrayList<>(latestFirst);
      sorted.sort(EARLIEST);
      return sorted;
    }
  }
}
