package dev.drawbridge.postgres.sql;

import dev.drawbridge.core.model.Action;

/**
 * Which of two actions a statement that does both is: {@code UNKNOWN > ADMIN > DDL > WRITE >
 * EXECUTE > READ > SESSION}. Unknown dominates because only a grant that names it may allow it
 * (fail closed).
 */
final class ActionOrder {

  private ActionOrder() {}

  /** The stronger of the two; {@code null} stands for "nothing", so the other wins. */
  static Action strongest(Action one, Action other) {
    if (one == null) {
      return other;
    }
    if (other == null) {
      return one;
    }
    return rank(other) > rank(one) ? other : one;
  }

  private static int rank(Action action) {
    return switch (action) {
      case CONNECT -> 0;
      case SESSION -> 1;
      case READ -> 2;
      case EXECUTE -> 3;
      case WRITE -> 4;
      case DDL -> 5;
      case ADMIN -> 6;
      case UNKNOWN -> 7;
    };
  }
}
