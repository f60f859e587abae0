package dev.drawbridge.policy;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Identity;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A grant as decisions need it, computed once: its subject, the instant it lapses as epoch
 * milliseconds (so that asking whether it is in force is one comparison), and its rules compiled
 * and indexed by action.
 *
 * @param id the grant's id
 * @param subject who it is for
 * @param connection the connection it applies to
 * @param expires its last day (inclusive, UTC), or {@code null} when it never expires
 * @param owner who answers for it, or {@code null}
 * @param lapsesAtMillis the first instant (epoch milliseconds) it is no longer in force: the UTC
 *     midnight after {@code expires}, or {@link Long#MAX_VALUE}
 * @param allowed the decision that cites it, made once
 * @param allow its {@code allow} rules
 * @param review its {@code review} rules
 * @param deny its {@code deny} rules
 * @param rowLimit its {@code limits.rowsPerStatement}, or empty
 */
record CompiledGrant(
    String id,
    Subject subject,
    String connection,
    LocalDate expires,
    String owner,
    long lapsesAtMillis,
    Decision.Allow allowed,
    RuleSet allow,
    RuleSet review,
    RuleSet deny,
    OptionalLong rowLimit) {

  CompiledGrant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(allowed, "allowed");
    Objects.requireNonNull(allow, "allow");
    Objects.requireNonNull(review, "review");
    Objects.requireNonNull(deny, "deny");
    Objects.requireNonNull(rowLimit, "rowLimit");
  }

  /**
   * @throws IllegalArgumentException when the grant has no id, no connection, not exactly one
   *     subject, or a rule with an unknown action, an empty table glob or an empty column (the
   *     configuration loader never lets the first three through)
   */
  static CompiledGrant of(GrantConfig grant) {
    if (grant.id() == null || grant.connection() == null) {
      throw new IllegalArgumentException("a grant needs an id and a connection: " + grant.id());
    }
    try {
      Subject subject = Subject.of(grant.subject());
      long lapsesAt =
          grant.expires() == null
              ? Long.MAX_VALUE
              : grant.expires().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      Integer rows = grant.limits().rowsPerStatement();
      return new CompiledGrant(
          grant.id(),
          subject,
          grant.connection(),
          grant.expires(),
          grant.owner(),
          lapsesAt,
          new Decision.Allow(grant.id()),
          RuleSet.of(grant.allow()),
          RuleSet.of(grant.review()),
          RuleSet.of(grant.deny()),
          rows == null ? OptionalLong.empty() : OptionalLong.of(rows));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("grant '" + grant.id() + "': " + e.getMessage(), e);
    }
  }

  /** The same grant, lapsing at {@code epochMillis} instead. */
  CompiledGrant lapsingAt(long epochMillis) {
    return new CompiledGrant(
        id,
        subject,
        connection,
        expires,
        owner,
        epochMillis,
        allowed,
        allow,
        review,
        deny,
        rowLimit);
  }

  /** Whether the grant is still in force at {@code epochMillis}. */
  boolean inForceAt(long epochMillis) {
    return epochMillis < lapsesAtMillis;
  }

  /** Whether the grant is for {@code identity} and in force at {@code epochMillis}. */
  boolean appliesTo(Identity identity, long epochMillis) {
    return inForceAt(epochMillis) && subject.appliesTo(identity);
  }

  /**
   * Whether it has any {@code allow} or {@code review} rule, so that it can let its subject in; a
   * grant of {@code deny} rules only never does.
   */
  boolean admits() {
    return !allow.isEmpty() || !review.isEmpty();
  }

  /** Whether one of its {@code deny} rules names {@code connect}. */
  boolean deniesConnect() {
    return !deny.naming(Action.CONNECT).isEmpty();
  }

  /** Its rules of one kind. */
  RuleSet rules(RuleKind kind) {
    return switch (kind) {
      case ALLOW -> allow;
      case REVIEW -> review;
      case DENY -> deny;
    };
  }

  Optional<String> ownerName() {
    return Optional.ofNullable(owner).filter(o -> !o.isBlank());
  }
}
