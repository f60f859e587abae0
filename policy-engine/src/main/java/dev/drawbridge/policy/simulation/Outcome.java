package dev.drawbridge.policy.simulation;

import dev.drawbridge.policy.simulation.Verdict.Kind;

/** What a simulation found for one recorded operation. */
public enum Outcome {
  /** Decided the same way (allowed, held or refused), whichever grant it cites. */
  UNCHANGED("unchanged"),
  /** Allowed then, refused under the candidate. */
  NEWLY_REFUSED("newly refused"),
  /** Refused then, allowed under the candidate. */
  NEWLY_ALLOWED("newly allowed"),
  /** Allowed then, held for approval under the candidate. */
  NEWLY_HELD("newly held"),
  /** Held then, allowed outright under the candidate. */
  HELD_NOW_ALLOWED("held, now allowed"),
  /** Held then, refused under the candidate. */
  HELD_NOW_REFUSED("held, now refused"),
  /** Refused then, held for approval under the candidate. */
  REFUSED_NOW_HELD("refused, now held"),
  /**
   * Refused by the gateway before any grant was asked (a masked column used where it cannot be
   * masked, a name that cannot be resolved): no set of grants changes that.
   */
  REFUSED_BEFORE_GRANTS("refused before grants"),
  /** Its record cannot be decided again exactly; counted, with why. */
  NOT_REPLAYABLE("not replayable");

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  /** How reports name it: {@code newly refused}. */
  public String label() {
    return label;
  }

  /** Whether the candidate decides differently from what was recorded. */
  public boolean isChange() {
    return this != UNCHANGED && this != REFUSED_BEFORE_GRANTS && this != NOT_REPLAYABLE;
  }

  /** The outcome of an operation decided {@code recorded} then and {@code candidate} now. */
  public static Outcome of(Kind recorded, Kind candidate) {
    if (recorded == candidate) {
      return UNCHANGED;
    }
    return switch (recorded) {
      case ALLOW -> candidate == Kind.DENY ? NEWLY_REFUSED : NEWLY_HELD;
      case REVIEW -> candidate == Kind.ALLOW ? HELD_NOW_ALLOWED : HELD_NOW_REFUSED;
      case DENY -> candidate == Kind.ALLOW ? NEWLY_ALLOWED : REFUSED_NOW_HELD;
    };
  }
}
