package dev.drawbridge.server.review;

import dev.drawbridge.policy.approval.DeskAnswer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A reviewer's decision on an item, as asked for and checked: keep the grant ({@link Certify}), end
 * it ({@link Revoke}), apply the recommendation ({@link Narrow}) or keep it until a later end
 * ({@link Extend}). {@link #name()} is how the API, the CLI and the audit trail write it.
 */
sealed interface ReviewDecision {

  /** {@code certify}, {@code revoke}, {@code narrow} or {@code extend}. */
  String name();

  /** Keep the grant as it is. */
  record Certify() implements ReviewDecision {
    @Override
    public String name() {
      return "certify";
    }
  }

  /** End the grant. */
  record Revoke() implements ReviewDecision {
    @Override
    public String name() {
      return "revoke";
    }
  }

  /** Keep only what the recommendation keeps. */
  record Narrow() implements ReviewDecision {
    @Override
    public String name() {
      return "narrow";
    }
  }

  /** Keep the grant until {@code until} (in the future). */
  record Extend(Instant until) implements ReviewDecision {
    @Override
    public String name() {
      return "extend";
    }
  }

  /**
   * The decision a call names, with {@code until} for extend only; invalid (with what to write
   * instead) otherwise.
   */
  static DeskAnswer<ReviewDecision> of(String decision, String until, Clock clock) {
    return switch (decision) {
      case "certify" -> alone(new Certify(), until);
      case "revoke" -> alone(new Revoke(), until);
      case "narrow" -> alone(new Narrow(), until);
      case "extend" -> extend(until, clock);
      case null, default ->
          new DeskAnswer.Invalid<>("'decision' must be one of certify, revoke, narrow, extend");
    };
  }

  private static DeskAnswer<ReviewDecision> alone(ReviewDecision decision, String until) {
    return until == null
        ? new DeskAnswer.Done<>(decision)
        : new DeskAnswer.Invalid<>("'until' goes only with extend");
  }

  private static DeskAnswer<ReviewDecision> extend(String until, Clock clock) {
    if (until == null) {
      return new DeskAnswer.Invalid<>(
          "extend needs 'until': a date (the last day, 2027-06-30) or an instant");
    }
    Instant end;
    try {
      end = end(until);
    } catch (DateTimeParseException e) {
      return new DeskAnswer.Invalid<>(
          "'until' must be a date (2027-06-30) or an instant (2027-06-30T12:00:00Z)");
    }
    if (!end.isAfter(clock.instant())) {
      return new DeskAnswer.Invalid<>("'until' must be in the future");
    }
    return new DeskAnswer.Done<>(new Extend(end));
  }

  /** A date is its whole UTC day (the grant lapses at the next midnight); else an instant. */
  static Instant end(String until) {
    if (until.length() == 10) {
      return LocalDate.parse(until).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    return Instant.parse(until);
  }
}
