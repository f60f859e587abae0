package dev.drawbridge.policy.review;

import dev.drawbridge.config.GrantConfig;
import java.util.Objects;

/** What a review suggests for a grant, least privilege first. */
public sealed interface Recommendation {

  /** {@code certify}, {@code narrow} or {@code revoke}. */
  String kind();

  /** Everything it allows was used: keep it as it is. */
  record Certify() implements Recommendation {
    @Override
    public String kind() {
      return "certify";
    }
  }

  /** Some of it was used: keep only that ({@code narrowed} replaces the grant). */
  record Narrow(GrantConfig narrowed) implements Recommendation {
    public Narrow {
      Objects.requireNonNull(narrowed, "narrowed");
    }

    @Override
    public String kind() {
      return "narrow";
    }
  }

  /** Nothing used it over the whole window. */
  record Revoke(String why) implements Recommendation {
    public Revoke {
      Objects.requireNonNull(why, "why");
    }

    @Override
    public String kind() {
      return "revoke";
    }
  }
}
