package dev.drawbridge.config;

import java.time.LocalDate;
import java.util.List;

/**
 * A least-privilege grant that an access review approved.
 *
 * @param id stable identifier, cited in decisions and audit records
 * @param subject the agent or group it is for
 * @param connection the connection it applies to
 * @param allow rules that are allowed outright
 * @param review rules held for a human's just-in-time approval
 * @param deny rules that are refused even where another rule would allow them
 * @param limits per-statement limits
 * @param owner who answers for this grant
 * @param reason why it exists (a ticket, a purpose)
 * @param expires the last day it is valid (inclusive, UTC); it lapses at the end of that day
 */
public record GrantConfig(
    String id,
    SubjectConfig subject,
    String connection,
    List<RuleConfig> allow,
    List<RuleConfig> review,
    List<RuleConfig> deny,
    LimitsConfig limits,
    String owner,
    String reason,
    LocalDate expires) {

  public GrantConfig {
    allow = allow == null ? List.of() : List.copyOf(allow);
    review = review == null ? List.of() : List.copyOf(review);
    deny = deny == null ? List.of() : List.copyOf(deny);
    limits = limits == null ? LimitsConfig.NONE : limits;
  }
}
