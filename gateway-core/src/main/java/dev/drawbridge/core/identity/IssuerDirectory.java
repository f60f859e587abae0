package dev.drawbridge.core.identity;

import com.nimbusds.jose.jwk.JWKSet;
import dev.drawbridge.config.IssuerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The trusted issuers by their {@code iss} value. A token's issuer is chosen from its unverified
 * {@code iss} claim; the signature is then checked with that issuer's keys only.
 */
final class IssuerDirectory implements AutoCloseable {

  private final Map<String, TrustedIssuer> issuers;

  private IssuerDirectory(Map<String, TrustedIssuer> issuers) {
    this.issuers = Map.copyOf(issuers);
  }

  /**
   * Builds every issuer: HMAC secrets are checked, JWKS files are read now, JWKS URLs are fetched
   * on first use.
   *
   * @throws IllegalArgumentException when an issuer's configuration cannot be used
   */
  static IssuerDirectory build(
      List<IssuerConfig> configs, Clock clock, Executor executor, HttpClient httpClient) {
    Map<String, TrustedIssuer> issuers = new LinkedHashMap<>();
    for (IssuerConfig config : configs) {
      String name = config.issuer();
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("identity.issuers: an issuer has no 'issuer' value");
      }
      if (issuers.containsKey(name)) {
        throw new IllegalArgumentException("identity.issuers['" + name + "']: listed twice");
      }
      AlgorithmPolicy algorithms = AlgorithmPolicy.forIssuer(config);
      issuers.put(
          name,
          new TrustedIssuer(config, algorithms, keySource(config, clock, executor, httpClient)));
    }
    return new IssuerDirectory(issuers);
  }

  private static KeySource keySource(
      IssuerConfig config, Clock clock, Executor executor, HttpClient httpClient) {
    String where = "identity.issuers['" + config.issuer() + "']";
    boolean hasJwks = config.jwks() != null && !config.jwks().isBlank();
    if (config.isHmac() == hasJwks) {
      throw new IllegalArgumentException(where + ": set exactly one of 'jwks' and 'hmacSecret'");
    }
    if (config.isHmac()) {
      return SecretKeySource.forIssuer(config);
    }
    if (config.jwksRefresh().isNegative() || config.jwksRefresh().isZero()) {
      throw new IllegalArgumentException(where + ".jwksRefresh: must be positive");
    }
    String jwks = config.jwks().strip();
    String lower = jwks.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://") || lower.startsWith("http://")) {
      URI uri;
      try {
        uri = URI.create(jwks);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ".jwks: not a valid URL", e);
      }
      return new JwksKeySource(
          config.issuer(),
          new HttpJwksFetcher(httpClient, uri, executor),
          clock,
          config.jwksRefresh(),
          null);
    }
    Path path;
    try {
      path = lower.startsWith("file:") ? Path.of(URI.create(jwks)) : Path.of(jwks);
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      throw new IllegalArgumentException(
          where + ".jwks: neither an http(s) URL nor a file path", e);
    }
    FileJwksFetcher fetcher = new FileJwksFetcher(path, executor);
    JWKSet initial;
    try {
      initial = fetcher.readNow();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          where + ".jwks: cannot read " + path + ": " + e.getMessage(), e);
    }
    return new JwksKeySource(config.issuer(), fetcher, clock, config.jwksRefresh(), initial);
  }

  /** The issuer whose {@code iss} value this is. */
  Optional<TrustedIssuer> find(String iss) {
    return Optional.ofNullable(issuers.get(iss));
  }

  @Override
  public void close() {
    issuers.values().forEach(issuer -> issuer.keys().close());
  }
}
