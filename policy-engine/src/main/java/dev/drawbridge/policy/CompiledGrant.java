package dev.drawbridge.policy;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.Decision;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * A grant as decisions need it, computed once: its subject, and the instant it lapses as epoch
 * milliseconds, so that asking whether it is in force is one comparison.
 *
 * @param id the grant's id
 * @param subject who it is for
 * @param connection the connection it applies to
 * @param expires its last day (inclusive, UTC), or {@code null} when it never expires
 * @param owner who answers for it, or {@code null}
 * @param lapsesAtMillis the first instant (epoch milliseconds) it is no longer in force: the UTC
 *     midnight after {@code expires}, or {@link Long#MAX_VALUE}
 * @param allow the decision that cites it, made once
 * @param admits whether it has any {@code allow} or {@code review} rule, so that it can let its
 *     subject in; a grant of {@code deny} rules only never does
 * @param deniesConnect whether one of its {@code deny} rules names {@code connect}
 */
record CompiledGrant(
    String id,
    Subject subject,
    String connection,
    LocalDate expires,
    String owner,
    long lapsesAtMillis,
    Decision.Allow allow,
    boolean admits,
    boolean deniesConnect) {

  CompiledGrant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(allow, "allow");
  }

  /**
   * @throws IllegalArgumentException when the grant has no id, no connection or not exactly one
   *     subject (the configuration loader never lets such a grant through)
   */
  static CompiledGrant of(GrantConfig grant) {
    if (grant.id() == null || grant.connection() == null) {
      throw new IllegalArgumentException("a grant needs an id and a connection: " + grant.id());
    }
    Subject subject;
    try {
      subject = Subject.of(grant.subject());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("grant '" + grant.id() + "': " + e.getMessage(), e);
    }
    long lapsesAt =
        grant.expires() == null
            ? Long.MAX_VALUE
            : grant.expires().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    return new CompiledGrant(
        grant.id(),
        subject,
        grant.connection(),
        grant.expires(),
        grant.owner(),
        lapsesAt,
        new Decision.Allow(grant.id()),
        !grant.allow().isEmpty() || !grant.review().isEmpty(),
        grant.deny().stream().anyMatch(rule -> rule.actions().contains("connect")));
  }

  /** Whether the grant is still in force at {@code epochMillis}. */
  boolean inForceAt(long epochMillis) {
    return epochMillis < lapsesAtMillis;
  }

  Optional<String> ownerName() {
    return Optional.ofNullable(owner).filter(o -> !o.isBlank());
  }
}
