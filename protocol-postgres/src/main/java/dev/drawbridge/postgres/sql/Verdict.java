package dev.drawbridge.postgres.sql;

import dev.drawbridge.core.model.Action;
import java.util.Objects;

/**
 * What a statement's kind alone makes it, before what its tree contains is added.
 *
 * @param action the action its kind implies
 * @param verb the command-tag-like word ({@code SELECT}, {@code CREATE TABLE})
 * @param effects whether what its tree does (modified or locked rows, a new table) counts; only a
 *     plain {@code EXPLAIN}, which runs nothing, says no
 */
record Verdict(Action action, String verb, boolean effects) {

  Verdict {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(verb, "verb");
  }

  Verdict(Action action, String verb) {
    this(action, verb, true);
  }
}
