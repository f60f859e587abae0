package dev.drawbridge.postgres.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL-level prepared statements ({@code PREPARE name AS …}) of one session, so that {@code
 * EXECUTE name} is classified as what it runs. {@link StatementClassifier} records a {@code
 * PREPARE} and forgets on {@code DEALLOCATE} and {@code DISCARD ALL} as it classifies them.
 *
 * <p>Classification happens before the server answers, so the gateway cannot know which of two
 * {@code PREPARE}s of one name the server kept (it refuses the second, or never saw a refused
 * first): a name prepared twice stands for every statement prepared under it until it is
 * deallocated, and {@code EXECUTE} needs what all of them need.
 *
 * <p>Not thread-safe: one per session.
 */
public final class PreparedStatements {

  private final Map<String, List<ClassifiedStatement>> byName = new HashMap<>();

  /** {@code PREPARE name AS …} was classified as {@code statements}. */
  public void prepared(String name, List<ClassifiedStatement> statements) {
    byName.merge(
        name,
        List.copyOf(statements),
        (earlier, later) -> {
          List<ClassifiedStatement> both = new ArrayList<>(earlier);
          both.addAll(later);
          return List.copyOf(both);
        });
  }

  /** What {@code EXECUTE name} runs, or empty when the session never prepared the name. */
  public Optional<List<ClassifiedStatement>> lookup(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * {@code DEALLOCATE name}: remembered as a no-op. The gateway sees the statement before the
   * server runs it, and the server may not (an earlier statement of its batch fails): forgetting
   * the name would let a later {@code PREPARE} of the same name, which the server refuses as a
   * duplicate, stand in for the statement the server still holds. So a name stands for everything
   * it was ever prepared as.
   */
  public void deallocate(String name) {
    // deliberately nothing: see above
  }

  /** {@code DEALLOCATE ALL}, {@code DISCARD ALL}: remembered as a no-op, as {@link #deallocate}. */
  public void deallocateAll() {
    // deliberately nothing: see deallocate
  }
}
