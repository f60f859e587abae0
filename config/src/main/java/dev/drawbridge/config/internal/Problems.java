package dev.drawbridge.config.internal;

import dev.drawbridge.config.ConfigProblem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects every problem of one load. Once the semantic phase begins, an error inside a path that
 * already had an error is dropped: a value the structural walk rejected is absent from the bound
 * records, and a second message about its absence would only be noise.
 */
public final class Problems {

  private final List<ConfigProblem> found = new ArrayList<>();
  private final Set<String> errorPaths = new HashSet<>();
  private final Set<String> suppressedWithin = new HashSet<>();
  private Set<String> semanticSuppression = Set.of();
  private boolean hasErrors;

  public void error(String path, String message) {
    for (String earlier : semanticSuppression) {
      if (ConfigPaths.within(path, earlier)) {
        return;
      }
    }
    hasErrors = true;
    errorPaths.add(path);
    suppressedWithin.add(path);
    found.add(ConfigProblem.error(path, message));
  }

  public void warning(String path, String message) {
    found.add(ConfigProblem.warning(path, message));
  }

  /**
   * Marks a path as invalid without a message of its own, because an error inside it was already
   * reported (a list with a bad element): semantic rules then stay quiet about it.
   */
  public void markInvalid(String path) {
    errorPaths.add(path);
  }

  /**
   * Silences semantic rules for everything inside {@code path}, whose bound form no longer matches
   * the file (a list that lost an element, so later indices moved).
   */
  public void suppressWithin(String path) {
    suppressedWithin.add(path);
  }

  /** Whether an error was reported at exactly this path. */
  public boolean hasErrorAt(String path) {
    return errorPaths.contains(path);
  }

  public boolean hasErrors() {
    return hasErrors;
  }

  /** From now on, errors inside a path that already has one are dropped. */
  public void beginSemanticPhase() {
    semanticSuppression = Set.copyOf(suppressedWithin);
  }

  public List<ConfigProblem> all() {
    return List.copyOf(found);
  }

  public List<ConfigProblem> warnings() {
    return found.stream().filter(p -> !p.isError()).toList();
  }
}
