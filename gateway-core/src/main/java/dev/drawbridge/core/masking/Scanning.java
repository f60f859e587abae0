package dev.drawbridge.core.masking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Masks what detectors find in a text value. Values where nothing is found are returned as they
 * are, after one search per detector and no allocation. Otherwise every detector's matches are
 * collected, overlaps are resolved (the match that starts first wins, the longer one at the same
 * start, then the detector listed first) and the value is rebuilt once.
 */
final class Scanning {

  private record Hit(int start, int end, int rule) {}

  private static final Comparator<Hit> ORDER =
      Comparator.comparingInt(Hit::start)
          .thenComparing(Comparator.comparingInt(Hit::end).reversed())
          .thenComparingInt(Hit::rule);

  private Scanning() {}

  static String mask(String value, DetectorRule rule) {
    if (value == null || rule.detector().find(value, 0) == Spans.NONE) {
      return value;
    }
    return rebuild(value, List.of(rule));
  }

  static String mask(String value, List<DetectorRule> rules) {
    if (value == null) {
      return null;
    }
    // Indexed, not an iterator: nothing is allocated when nothing is found.
    for (int r = 0; r < rules.size(); r++) {
      if (rules.get(r).detector().find(value, 0) != Spans.NONE) {
        return rebuild(value, rules);
      }
    }
    return value;
  }

  private static String rebuild(String value, List<DetectorRule> rules) {
    List<Hit> hits = new ArrayList<>();
    for (int r = 0; r < rules.size(); r++) {
      Detector detector = rules.get(r).detector();
      for (long span = detector.find(value, 0);
          span != Spans.NONE;
          span = detector.find(value, Spans.end(span))) {
        hits.add(new Hit(Spans.start(span), Spans.end(span), r));
      }
    }
    hits.sort(ORDER);
    StringBuilder out = new StringBuilder(value.length());
    int position = 0;
    for (Hit hit : hits) {
      if (hit.start() < position) {
        continue; // inside a match already masked
      }
      String masked =
          rules.get(hit.rule()).strategy().mask(value.substring(hit.start(), hit.end()));
      if (masked == null) {
        return null;
      }
      out.append(value, position, hit.start()).append(masked);
      position = hit.end();
    }
    return out.append(value, position, value.length()).toString();
  }
}
