package dev.drawbridge.config;

import java.time.Duration;
import java.util.List;

/**
 * How agents prove who they are.
 *
 * @param issuers JWT issuers trusted for agent tokens (OIDC providers and Drawbridge itself)
 * @param agents static agent keys, stored as SHA-256 hashes
 * @param clockSkew tolerance applied to {@code exp} and {@code nbf}
 */
public record IdentityConfig(
    List<IssuerConfig> issuers, List<AgentKeyConfig> agents, Duration clockSkew) {

  public static final IdentityConfig EMPTY = new IdentityConfig(null, null, null);

  public IdentityConfig {
    issuers = issuers == null ? List.of() : List.copyOf(issuers);
    agents = agents == null ? List.of() : List.copyOf(agents);
    clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
  }
}
