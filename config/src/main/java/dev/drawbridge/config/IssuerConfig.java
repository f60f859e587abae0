package dev.drawbridge.config;

import java.time.Duration;
import java.util.List;

/**
 * A trusted JWT issuer. Exactly one of {@code jwks} and {@code hmacSecret} is set.
 *
 * @param issuer the expected {@code iss} claim ({@code drawbridge} for tokens the gateway mints)
 * @param jwks a JWKS source: an {@code https://} or {@code http://} URL, or a file path
 * @param hmacSecret the HS256 secret, for tokens minted by {@code drawbridge token mint}
 * @param audience accepted {@code aud} values; when empty the audience is not checked
 * @param algorithms accepted {@code alg} values; defaults to HS256 for an HMAC issuer and to RS256,
 *     ES256 and EdDSA for a JWKS issuer; {@code none} is never accepted
 * @param agentClaim the claim that names the agent (default {@code sub})
 * @param groupsClaim the claim that lists the agent's groups (default {@code groups})
 * @param jwksRefresh how long fetched keys are cached before they are fetched again
 * @param rolesClaim the claim that lists the holder's admin API roles (default {@code roles})
 */
public record IssuerConfig(
    String issuer,
    String jwks,
    Secret hmacSecret,
    List<String> audience,
    List<String> algorithms,
    String agentClaim,
    String groupsClaim,
    Duration jwksRefresh,
    String rolesClaim) {

  public IssuerConfig {
    audience = audience == null ? List.of() : List.copyOf(audience);
    algorithms =
        algorithms == null || algorithms.isEmpty()
            ? (hmacSecret != null ? List.of("HS256") : List.of("RS256", "ES256", "EdDSA"))
            : List.copyOf(algorithms);
    agentClaim = agentClaim == null || agentClaim.isBlank() ? "sub" : agentClaim;
    groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? "groups" : groupsClaim;
    jwksRefresh = jwksRefresh == null ? Duration.ofMinutes(10) : jwksRefresh;
    rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
  }

  /** An issuer whose roles come from the {@code roles} claim. */
  public IssuerConfig(
      String issuer,
      String jwks,
      Secret hmacSecret,
      List<String> audience,
      List<String> algorithms,
      String agentClaim,
      String groupsClaim,
      Duration jwksRefresh) {
    this(
        issuer, jwks, hmacSecret, audience, algorithms, agentClaim, groupsClaim, jwksRefresh, null);
  }

  public boolean isHmac() {
    return hmacSecret != null;
  }
}
