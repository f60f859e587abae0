package dev.drawbridge.core.model;

import java.util.Objects;
import java.util.UUID;

/** A session's identifier: a time-ordered UUIDv7, so ids sort by start time. */
public record SessionId(UUID value) {

  public SessionId {
    Objects.requireNonNull(value, "value");
  }

  public static SessionId next() {
    return new SessionId(TimeOrderedIds.next());
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
