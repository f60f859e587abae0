package dev.drawbridge.audit.query;

import java.time.Instant;
import java.util.Optional;

/**
 * A span of event times, {@code from} inclusive and {@code to} exclusive; a {@code null} end is
 * open.
 *
 * @param from the earliest time in the window, or {@code null} for the beginning of the trail
 * @param to the first time past the window, or {@code null} for no end
 */
public record TimeWindow(Instant from, Instant to) {

  /** The whole trail. */
  public static final TimeWindow ALL = new TimeWindow(null, null);

  public TimeWindow {
    if (from != null && to != null && to.isBefore(from)) {
      throw new IllegalArgumentException("a window cannot end (" + to + ") before " + from);
    }
  }

  /** From {@code from} on, with no end. */
  public static TimeWindow since(Instant from) {
    return new TimeWindow(from, null);
  }

  public Optional<Instant> start() {
    return Optional.ofNullable(from);
  }

  public Optional<Instant> end() {
    return Optional.ofNullable(to);
  }

  public boolean contains(Instant time) {
    return (from == null || !time.isBefore(from)) && (to == null || time.isBefore(to));
  }

  /** Whether the window reaches past {@code time}: nothing at or before it falls beyond the end. */
  public boolean reaches(Instant time) {
    return to == null || time.isBefore(to);
  }

  @Override
  public String toString() {
    return (from == null ? "the beginning" : from.toString())
        + " to "
        + (to == null ? "now" : to.toString());
  }
}
