package dev.drawbridge.core.model;

import java.util.List;
import java.util.Objects;

/**
 * One request that crossed the gateway, decoded before anything is decided.
 *
 * @param session the session it belongs to
 * @param sequence its position within the session, from 1
 * @param action what kind of action it is
 * @param verb the protocol's own word for it ({@code SELECT}, {@code GET}, {@code exec})
 * @param resources what it touches
 * @param text the exact statement, request line or command, with secrets already redacted
 * @param startNanos {@link System#nanoTime()} when it arrived
 */
public record Operation(
    SessionInfo session,
    long sequence,
    Action action,
    String verb,
    List<Resource> resources,
    String text,
    long startNanos) {

  public Operation {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(text, "text");
    resources = resources == null ? List.of() : List.copyOf(resources);
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence starts at 1");
    }
  }

  public Identity identity() {
    return session.identity();
  }

  public String connection() {
    return session.connection();
  }
}
