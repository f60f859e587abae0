package dev.drawbridge.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An authenticated agent.
 *
 * @param subject the stable subject ({@code sub} claim, or the agent key's name)
 * @param agent the agent's name, as grants and audit records cite it
 * @param groups the groups it belongs to
 * @param issuer the token's issuer, or {@code agent-key} for static keys
 * @param method how it authenticated
 * @param expiresAt when its credential expires; {@code null} for agent keys
 * @param roles what it may do on the admin API ({@code admin}, {@code approver}, {@code reviewer},
 *     {@code auditor}), from the issuer's {@code rolesClaim}; agents usually have none
 */
public record Identity(
    String subject,
    String agent,
    Set<String> groups,
    String issuer,
    AuthMethod method,
    Instant expiresAt,
    Set<String> roles) {

  public Identity {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(method, "method");
    groups = groups == null ? Set.of() : Set.copyOf(groups);
    roles = roles == null ? Set.of() : Set.copyOf(roles);
    if (agent.isBlank()) {
      throw new IllegalArgumentException("agent name must not be blank");
    }
  }

  /** An identity without admin roles, as agents have. */
  public Identity(
      String subject,
      String agent,
      Set<String> groups,
      String issuer,
      AuthMethod method,
      Instant expiresAt) {
    this(subject, agent, groups, issuer, method, expiresAt, Set.of());
  }

  public Optional<Instant> expiry() {
    return Optional.ofNullable(expiresAt);
  }

  public boolean isMemberOf(String group) {
    return groups.contains(group);
  }

  /** Whether it holds {@code role}, or {@code admin}, which holds every role. */
  public boolean hasRole(String role) {
    return roles.contains(role) || roles.contains("admin");
  }
}
