package dev.drawbridge.policy.simulation;

import java.util.Objects;

/**
 * One recorded operation decided again.
 *
 * @param recorded the operation, as the trail holds it
 * @param outcome what changed
 * @param candidate what the candidate grants decide; {@code null} when it was not decided again
 *     ({@link Outcome#REFUSED_BEFORE_GRANTS}, {@link Outcome#NOT_REPLAYABLE})
 * @param note why it was not decided again; empty otherwise
 */
public record Replay(Recorded recorded, Outcome outcome, Verdict candidate, String note) {

  public Replay {
    Objects.requireNonNull(recorded, "recorded");
    Objects.requireNonNull(outcome, "outcome");
    note = note == null ? "" : note;
  }

  /** The decision recorded for it, or {@code null} when its record is not replayable. */
  public Verdict recordedVerdict() {
    return recorded instanceof RecordedOperation operation ? operation.recorded() : null;
  }
}
