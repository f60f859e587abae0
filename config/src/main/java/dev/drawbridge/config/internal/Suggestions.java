package dev.drawbridge.config.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the valid name a misspelt one was probably meant to be, by edit distance. */
public final class Suggestions {

  private Suggestions() {}

  /** The candidate closest to {@code wrong}, if it is close enough to be a likely typo. */
  public static Optional<String> nearest(String wrong, Collection<String> candidates) {
    String needle = wrong.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(needle, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    if (best == null || bestDistance > threshold(best)) {
      return Optional.empty();
    }
    return Optional.of(best);
  }

  /** {@code "; did you mean 'x'?"} or an empty string. */
  public static String didYouMean(String wrong, Collection<String> candidates) {
    return nearest(wrong, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
  }

  private static int threshold(String candidate) {
    return Math.max(1, Math.min(3, candidate.length() / 3));
  }

  /** Levenshtein distance, two rows. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
