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

  /** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
