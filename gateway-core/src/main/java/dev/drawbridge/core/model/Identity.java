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
 */
public record Identity(
    String subject,
    String agent,
    Set<String> groups,
    String issuer,
    AuthMethod method,
    Instant expiresAt) {

  public Identity {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(method, "method");
    groups = groups == null ? Set.of() : Set.copyOf(groups);
    if (agent.isBlank()) {
      throw new IllegalArgumentException("agent name must not be blank");
    }
  }

  public Optional<Instant> expiry() {
    return Optional.ofNullable(expiresAt);
  }

  public boolean isMemberOf(String group) {
    return groups.contains(group);
  }
}
