package dev.drawbridge.policy.approval;

import java.util.Objects;

/** The answer to an approver's or administrator's call; the admin API maps each to a status. */
public sealed interface DeskAnswer<T> {

  /** Done: what it acted on, as it is now. */
  record Done<T>(T value) implements DeskAnswer<T> {
    public Done {
      Objects.requireNonNull(value, "value");
    }
  }

  /** Nothing has that id (HTTP 404). */
  record NotFound<T>(String detail) implements DeskAnswer<T> {}

  /** It was decided already, or has lapsed (HTTP 409). */
  record Conflict<T>(String detail) implements DeskAnswer<T> {}

  /** The caller may not do this (HTTP 403): a missing role, their own request. */
  record Forbidden<T>(String detail) implements DeskAnswer<T> {}

  /** The call itself is wrong (HTTP 400): a duration too long, a missing reason. */
  record Invalid<T>(String detail) implements DeskAnswer<T> {}

  /** It cannot be done now (HTTP 503): the audit journal would not record it. */
  record Unavailable<T>(String detail) implements DeskAnswer<T> {}
}
