package dev.drawbridge.core.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An issuer's JWKS, cached. The keys are fetched when first needed and again once {@code refresh}
 * has passed; a token that names a key id the cached set lacks (a rotated key) triggers an
 * immediate refetch. Fetches are rate-limited to one per {@link #MIN_REFETCH_INTERVAL}, so that
 * tokens with made-up key ids cannot make the gateway hammer the identity provider, and concurrent
 * lookups share one in-flight fetch. When a refetch fails the keys already held keep serving.
 */
final class JwksKeySource implements KeySource {

  /** The least time between two fetches of one issuer's keys. */
  static final Duration MIN_REFETCH_INTERVAL = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(JwksKeySource.class);

  private final String issuer;
  private final JwksFetcher fetcher;
  private final Clock clock;
  private final Duration refresh;

  private final Object lock = new Object();
  private JWKSet keys;
  private Instant refreshAt;
  private Instant lastFetch;
  private CompletableFuture<Optional<JWKSet>> inFlight;

  /**
   * @param initial keys already read (a JWKS file at start), or {@code null} to fetch on first use
   */
  JwksKeySource(String issuer, JwksFetcher fetcher, Clock clock, Duration refresh, JWKSet initial) {
    this.issuer = issuer;
    this.fetcher = fetcher;
    this.clock = clock;
    this.refresh = refresh;
    this.keys = initial;
    this.refreshAt = clock.instant().plus(refresh);
  }

  @Override
  public CompletionStage<KeyLookup> lookup(JWSAlgorithm alg, String kid) {
    return keys(false)
        .thenCompose(
            held -> {
              KeyLookup found = find(held, alg, kid);
              if (!(found instanceof KeyLookup.UnknownKeyId)
                  && !(found instanceof KeyLookup.NoKeyForAlgorithm)) {
                return CompletableFuture.completedFuture(found);
              }
              return keys(true).thenApply(refreshed -> find(refreshed, alg, kid));
            });
  }

  /**
   * The keys to look in: the in-flight fetch if there is one, else a new fetch if one is due and
   * the rate limit allows it, else the keys held (possibly none).
   *
   * @param unknownKey a token named a key the held set lacks, so a fetch is due now
   */
  private CompletableFuture<Optional<JWKSet>> keys(boolean unknownKey) {
    Instant now = clock.instant();
    CompletableFuture<Optional<JWKSet>> started;
    synchronized (lock) {
      if (inFlight != null) {
        return inFlight;
      }
      boolean due = unknownKey || keys == null || !now.isBefore(refreshAt);
      boolean allowed = lastFetch == null || !now.isBefore(lastFetch.plus(MIN_REFETCH_INTERVAL));
      if (!due || !allowed) {
        return CompletableFuture.completedFuture(Optional.ofNullable(keys));
      }
      lastFetch = now;
      started = new CompletableFuture<>();
      inFlight = started;
    }
    fetchInto(started);
    return started;
  }

  private void fetchInto(CompletableFuture<Optional<JWKSet>> started) {
    CompletionStage<JWKSet> fetch;
    try {
      fetch = fetcher.fetch();
    } catch (RuntimeException e) {
      fetch = CompletableFuture.failedFuture(e);
    }
    fetch.whenComplete(
        (fetched, error) -> {
          Optional<JWKSet> current;
          synchronized (lock) {
            if (error == null) {
              keys = fetched;
              refreshAt = clock.instant().plus(refresh);
            }
            current = Optional.ofNullable(keys);
            inFlight = null;
          }
          if (error == null) {
            log.debug(
                "fetched {} keys for issuer '{}' from {}",
                fetched.getKeys().size(),
                issuer,
                fetcher.describe());
          } else {
            log.warn(
                "could not fetch keys for issuer '{}' from {}: {}{}",
                issuer,
                fetcher.describe(),
                describe(error),
                current.isPresent() ? " (keeping the keys fetched before)" : "");
          }
          started.complete(current);
        });
  }

  private static KeyLookup find(Optional<JWKSet> held, JWSAlgorithm alg, String kid) {
    if (held.isEmpty()) {
      return new KeyLookup.Unavailable();
    }
    List<JWK> candidates =
        held.get().getKeys().stream()
            .filter(jwk -> kid == null || kid.equals(jwk.getKeyID()))
            .toList();
    if (kid != null && candidates.isEmpty()) {
      return new KeyLookup.UnknownKeyId(kid);
    }
    List<JWSVerifier> verifiers =
        candidates.stream().flatMap(jwk -> JwkVerifiers.forKey(jwk, alg).stream()).toList();
    if (kid == null && verifiers.isEmpty()) {
      return new KeyLookup.NoKeyForAlgorithm();
    }
    return new KeyLookup.Found(verifiers);
  }

  private static String describe(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }
}
