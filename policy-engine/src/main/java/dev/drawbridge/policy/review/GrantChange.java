package dev.drawbridge.policy.review;

import dev.drawbridge.config.RuleConfig;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What a decision does to a run-time grant in schema {@code policy}, with the decision. */
public sealed interface GrantChange {

  /** Nothing (certify, or a file grant: the file is changed by its patch). */
  record None() implements GrantChange {}

  /** The grant ends now. */
  record Revoke(String actor, String reason) implements GrantChange {
    public Revoke {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The grant keeps only these {@code allow} rules. */
  record Narrow(List<RuleConfig> allow) implements GrantChange {
    public Narrow {
      allow = List.copyOf(allow);
    }
  }

  /** The grant lapses at {@code until} instead. */
  record Extend(Instant until) implements GrantChange {
    public Extend {
      Objects.requireNonNull(until, "until");
    }
  }
}
