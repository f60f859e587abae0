package dev.drawbridge.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One part of a table glob (a schema or a name), compiled once: only {@code *} is special, and it
 * matches any run of characters, including none. Matching is exact and case-sensitive otherwise,
 * and allocates nothing.
 */
sealed interface NamePattern {

  boolean matches(String name);

  /** Whether this pattern matches every name, whatever it is: a part made of {@code *} only. */
  default boolean matchesEverything() {
    return this instanceof Any;
  }

  /** A part of {@code *} only: every name. */
  record Any() implements NamePattern {
    @Override
    public boolean matches(String name) {
      return true;
    }
  }

  /** A part without {@code *}: exactly this name. */
  record Literal(String text) implements NamePattern {
    public Literal {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public boolean matches(String name) {
      return text.equals(name);
    }
  }

  /**
   * A part with {@code *} and other characters: {@code prefix*middle*…*suffix}, where the literal
   * runs must appear in order without overlapping.
   *
   * @param prefix what the name starts with (may be empty)
   * @param middles the literal runs between two stars, in order, none empty
   * @param suffix what the name ends with (may be empty)
   */
  record Wildcard(String prefix, List<String> middles, String suffix) implements NamePattern {
    public Wildcard {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(suffix, "suffix");
      middles = List.copyOf(middles);
    }

    @Override
    public boolean matches(String name) {
      if (name.length() < prefix.length() + suffix.length()
          || !name.startsWith(prefix)
          || !name.endsWith(suffix)) {
        return false;
      }
      int from = prefix.length();
      int end = name.length() - suffix.length();
      for (int i = 0; i < middles.size(); i++) {
        String middle = middles.get(i);
        int at = name.indexOf(middle, from);
        if (at < 0 || at + middle.length() > end) {
          return false;
        }
        from = at + middle.length();
      }
      return true;
    }
  }

  NamePattern ANY = new Any();

  /** Compiles one part of a glob. */
  static NamePattern of(String part) {
    if (part.indexOf('*') < 0) {
      return new Literal(part);
    }
    String[] runs = part.split("\\*", -1);
    List<String> middles = new ArrayList<>();
    for (int i = 1; i < runs.length - 1; i++) {
      if (!runs[i].isEmpty()) {
        middles.add(runs[i]);
      }
    }
    String prefix = runs[0];
    String suffix = runs[runs.length - 1];
    return prefix.isEmpty() && suffix.isEmpty() && middles.isEmpty()
        ? ANY
        : new Wildcard(prefix, middles, suffix);
  }
}
