package dev.drawbridge.policy.simulation;

import dev.drawbridge.core.model.Resource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What a candidate set of grants would have changed over recorded operations. Every figure is a
 * {@link Tally}: a count and the ids of the earliest audit events behind it, so each can be traced
 * back to the trail.
 *
 * @param operations how many recorded operations were taken, replayable or not
 * @param firstRecorded the earliest of their times, or {@code null} when there were none
 * @param lastRecorded the latest of their times, or {@code null} when there were none
 * @param totals every outcome, in the order of {@link Outcome}, with its tally (zero included)
 * @param agents per agent and outcome, by agent then outcome; only outcomes that occurred
 * @param grants per grant the recorded decision cited, grant the candidate's cites, and outcome
 * @param notReplayable per reason a record could not be decided again, most frequent first
 * @param examples per outcome other than {@link Outcome#UNCHANGED}, the earliest operations in full
 * @param notes what the simulation set aside (a run-time grant whose id a candidate grant uses)
 */
public record SimulationReport(
    long operations,
    Instant firstRecorded,
    Instant lastRecorded,
    Map<Outcome, Tally> totals,
    List<AgentRow> agents,
    List<GrantRow> grants,
    List<ReasonRow> notReplayable,
    Map<Outcome, List<Example>> examples,
    List<String> notes) {

  public SimulationReport {
    totals = Map.copyOf(totals);
    agents = List.copyOf(agents);
    grants = List.copyOf(grants);
    notReplayable = List.copyOf(notReplayable);
    examples = Map.copyOf(examples);
    notes = List.copyOf(notes);
  }

  /** Whether any operation would be decided differently: the report's bottom line. */
  public boolean changed() {
    return changes() > 0;
  }

  /** How many operations would be decided differently. */
  public long changes() {
    return totals.entrySet().stream()
        .filter(e -> e.getKey().isChange())
        .mapToLong(e -> e.getValue().count())
        .sum();
  }

  /** The tally of {@code outcome}. */
  public Tally total(Outcome outcome) {
    return totals.getOrDefault(outcome, Tally.NONE);
  }

  /**
   * A count and the ids of the earliest audit events it counts.
   *
   * @param count how many
   * @param events the ids of the earliest of them (by time), at most a few
   */
  public record Tally(long count, List<UUID> events) {

    public static final Tally NONE = new Tally(0, List.of());

    public Tally {
      events = List.copyOf(events);
    }
  }

  /** One agent's operations with one outcome. */
  public record AgentRow(String agent, Outcome outcome, Tally tally) {
    public AgentRow {
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /**
   * Operations whose recorded decision cited {@code recordedGrant} and whose candidate decision
   * cites {@code candidateGrant} (each empty for a refusal, or when not decided again), with one
   * outcome.
   */
  public record GrantRow(
      String recordedGrant, String candidateGrant, Outcome outcome, Tally tally) {
    public GrantRow {
      Objects.requireNonNull(recordedGrant, "recordedGrant");
      Objects.requireNonNull(candidateGrant, "candidateGrant");
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /** Records that could not be decided again for one reason. */
  public record ReasonRow(String why, Tally tally) {
    public ReasonRow {
      Objects.requireNonNull(why, "why");
    }
  }

  /**
   * One operation in full.
   *
   * @param eventId its {@code operation} event
   * @param time when it was decided
   * @param agent the agent
   * @param connection the connection
   * @param action its action ({@code read}), empty when not replayable
   * @param verb its verb ({@code SELECT}), empty when not replayable
   * @param resources what it touched, empty when not replayable
   * @param recorded what was decided then, {@code null} when not replayable
   * @param candidate what the candidate decides, {@code null} when not decided again
   * @param note why it was not decided again, else empty
   */
  public record Example(
      UUID eventId,
      Instant time,
      String agent,
      String connection,
      String action,
      String verb,
      List<Resource> resources,
      Verdict recorded,
      Verdict candidate,
      String note) {

    public Example {
      Objects.requireNonNull(eventId, "eventId");
      Objects.requireNonNull(time, "time");
      resources = List.copyOf(resources);
    }
  }
}
