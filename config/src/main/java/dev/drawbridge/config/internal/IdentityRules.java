package dev.drawbridge.config.internal;

import dev.drawbridge.config.AgentKeyConfig;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.IssuerConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Token issuers and static agent keys: one key source per issuer, only safe algorithms that match
 * it, HMAC secrets long enough, and names, issuers and keys that are unique.
 */
final class IdentityRules implements SemanticRule {

  /** The JWS algorithms an issuer may list; {@code none} is never one of them. */
  static final List<String> ALGORITHMS =
      List.of(
          "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
          "ES384", "ES512", "EdDSA");

  private static final int MIN_HMAC_BYTES = 32;

  /** Larger tolerances would keep expired tokens valid for long. */
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

  @Override
  public void check(DrawbridgeConfig config, ValidationContext context) {
    if (config.identity().clockSkew().compareTo(MAX_CLOCK_SKEW) > 0) {
      context.error(
          "identity.clockSkew",
          "must be at most 5m; a larger tolerance keeps expired tokens valid that much longer");
    }
    List<IssuerConfig> issuers = config.identity().issuers();
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < issuers.size(); i++) {
      String base = ConfigPaths.index("identity.issuers", i);
      IssuerConfig issuer = issuers.get(i);
      context.notBlank(issuer.issuer(), base + ".issuer");
      if (issuer.issuer() != null) {
        unique(seen, issuer.issuer(), base + ".issuer", "issuer", context);
      }
      issuer(issuer, base, context);
    }
    List<AgentKeyConfig> agents = config.identity().agents();
    Map<String, String> names = new HashMap<>();
    Map<String, String> keys = new HashMap<>();
    for (int i = 0; i < agents.size(); i++) {
      String base = ConfigPaths.index("identity.agents", i);
      AgentKeyConfig agent = agents.get(i);
      context.notBlank(agent.name(), base + ".name");
      if (agent.name() != null) {
        unique(names, agent.name(), base + ".name", "agent name", context);
      }
      String keyPath = base + ".keySha256";
      if (agent.keySha256() != null) {
        if (!SHA256_HEX.matcher(agent.keySha256()).matches()) {
          context.error(
              keyPath,
              "must be exactly 64 hexadecimal characters, the SHA-256 of the key"
                  + " (printf %s \"$KEY\" | sha256sum)");
        } else {
          String first = keys.putIfAbsent(agent.keySha256().toLowerCase(Locale.ROOT), base);
          if (first != null) {
            context.error(keyPath, "the same key as " + first + "; every agent needs its own key");
          }
        }
      }
    }
  }

  private static void issuer(IssuerConfig issuer, String base, ValidationContext context) {
    boolean jwks = issuer.jwks() != null;
    boolean hmac = issuer.hmacSecret() != null;
    if (jwks && hmac) {
      context.error(base, "set exactly one of jwks and hmacSecret, not both");
    } else if (!jwks && !hmac && !context.anyError(base + ".jwks", base + ".hmacSecret")) {
      context.error(
          base,
          "set exactly one of jwks (an OIDC provider's keys) or hmacSecret (tokens that"
              + " drawbridge mints)");
    }
    if (hmac
        && issuer.hmacSecret().reveal().getBytes(StandardCharsets.UTF_8).length < MIN_HMAC_BYTES) {
      context.error(
          base + ".hmacSecret",
          "must be at least "
              + MIN_HMAC_BYTES
              + " bytes; generate one with openssl rand -base64 48");
    }
    if (jwks) {
      jwks(issuer.jwks(), base + ".jwks", context);
      if (issuer.audience().isEmpty()) {
        context.error(
            base + ".audience",
            "required for a jwks issuer: without it, a token the provider issued to any other"
                + " client would be accepted; set the audience your provider puts in tokens for"
                + " Drawbridge");
      }
      if (issuer.jwksRefresh().compareTo(Duration.ofSeconds(1)) < 0) {
        context.error(base + ".jwksRefresh", "must be at least 1s");
      }
    }
    List<String> algorithms = issuer.algorithms();
    for (int j = 0; j < algorithms.size(); j++) {
      String path = ConfigPaths.index(base + ".algorithms", j);
      algorithm(algorithms.get(j), path, jwks && !hmac, hmac && !jwks, context);
    }
  }

  private static void algorithm(
      String algorithm, String path, boolean jwks, boolean hmac, ValidationContext context) {
    if (algorithm.equalsIgnoreCase("none")) {
      context.error(path, "'none' is never accepted: it would accept unsigned tokens");
    } else if (!ALGORITHMS.contains(algorithm)) {
      String suggestion = context.didYouMean(path, algorithm, ALGORITHMS);
      context.error(
          path,
          "unknown JWS algorithm "
              + context.echo().quote(path, algorithm)
              + (suggestion.isEmpty() ? "; expected one of " + String.join(", ", ALGORITHMS) : "")
              + suggestion);
    } else if (hmac && !algorithm.startsWith("HS")) {
      context.error(path, "an hmacSecret issuer accepts only HS256, HS384 or HS512");
    } else if (jwks && algorithm.startsWith("HS")) {
      context.error(
          path,
          "a jwks issuer must not accept HMAC algorithms (a public key used as an HMAC secret"
              + " lets anyone sign tokens); use RS*, PS*, ES* or EdDSA");
    }
  }

  private static void jwks(String jwks, String path, ValidationContext context) {
    if (jwks.startsWith("https://") || jwks.startsWith("http://")) {
      try {
        String host = new URI(jwks).getHost();
        if (host == null) {
          context.error(path, "the URL has no host");
        } else if (jwks.startsWith("http://") && !Hosts.isLoopback(host)) {
          context.error(
              path,
              "use https://: keys fetched over plain http can be replaced by anyone on the"
                  + " network path, who could then sign any token (http is allowed for loopback"
                  + " only)");
        }
      } catch (URISyntaxException e) {
        context.error(path, "not a valid URL: " + e.getReason());
      }
      return;
    }
    try {
      Path file = Path.of(jwks);
      if (!file.isAbsolute()) {
        context.error(path, "must be an https:// URL or an absolute file path");
        return;
      }
      FileChecks.readable(file, path, context);
    } catch (InvalidPathException e) {
      context.error(path, "must be an https:// URL or an absolute file path");
    }
  }

  private static void unique(
      Map<String, String> seen, String value, String path, String what, ValidationContext context) {
    String first = seen.putIfAbsent(value, path);
    if (first != null) {
      context.error(
          path,
          "duplicate "
              + what
              + " "
              + context.echo().quote(path, value)
              + " (also at "
              + first
              + ")");
    }
  }
}
