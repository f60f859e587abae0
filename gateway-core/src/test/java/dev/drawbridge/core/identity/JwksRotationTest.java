package dev.drawbridge.core.identity;

import static dev.drawbridge.core.identity.Results.accepted;
import static dev.drawbridge.core.identity.Results.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.config.IssuerConfig;
import dev.drawbridge.core.ports.AuthResult;
import dev.drawbridge.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JWKS fetched from a real local HTTP endpoint: caching, rotation, rate limit, failures. */
class JwksRotationTest {

  static final String ISSUER = "https://idp.example.com";
  static final Instant NOW = Instant.parse("2026-11-24T09:55:00Z");
  static final Duration REFRESH = Duration.ofMinutes(10);
  static final Duration PAST_RATE_LIMIT = JwksKeySource.MIN_REFETCH_INTERVAL.plusSeconds(1);

  private final TestKeys kid1 = TestKeys.rsa("kid1");
  private final TestKeys kid2 = TestKeys.ec("kid2");
  private final MutableClock clock = new MutableClock(NOW);
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private JwksServer server;
  private TokenAuthenticator authenticator;

  @BeforeEach
  void start() throws IOException {
    server = new JwksServer(TestKeys.jwks(kid1));
    IssuerConfig issuer =
        new IssuerConfig(ISSUER, server.url(), null, null, null, null, null, REFRESH);
    authenticator =
        TokenAuthenticator.create(
            new IdentityConfig(List.of(issuer), List.of(), Duration.ofSeconds(30)),
            clock,
            executor);
  }

  @AfterEach
  void stop() {
    authenticator.close();
    server.close();
    executor.shutdownNow();
  }

  private JWTClaimsSet claims() {
    return Tokens.claims(ISSUER, clock.instant()).build();
  }

  @Test
  void keysAreFetchedOnceAndCached() {
    accepted(authenticator, Tokens.sign(kid1, claims()));
    accepted(authenticator, Tokens.sign(kid1, claims()));
    clock.advance(REFRESH.minusSeconds(1));
    accepted(authenticator, Tokens.sign(kid1, claims()));

    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void keysAreFetchedAgainOnceTheRefreshIntervalHasPassed() {
    accepted(authenticator, Tokens.sign(kid1, claims()));
    clock.advance(REFRESH);
    accepted(authenticator, Tokens.sign(kid1, claims()));

    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void rotatedKeyIsFetchedOnceAndAccepted() {
    accepted(authenticator, Tokens.sign(kid1, claims()));
    assertThat(server.requests()).isEqualTo(1);

    server.serve(TestKeys.jwks(kid2));
    clock.advance(PAST_RATE_LIMIT);
    accepted(authenticator, Tokens.sign(kid2, claims()));
    accepted(authenticator, Tokens.sign(kid2, claims()));

    assertThat(server.requests()).isEqualTo(2);
    assertThat(rejected(authenticator, Tokens.sign(kid1, claims())))
        .isEqualTo("unknown key id 'kid1' for issuer 'https://idp.example.com'");
  }

  @Test
  void floodOfUnknownKeyIdsFetchesAtMostOncePerInterval() {
    accepted(authenticator, Tokens.sign(kid1, claims()));
    clock.advance(PAST_RATE_LIMIT);

    List<CompletableFuture<AuthResult>> flood = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String garbage = Tokens.sign(kid1.withKid("garbage-" + i), claims());
      flood.add(authenticator.authenticate(garbage).toCompletableFuture());
    }
    CompletableFuture.allOf(flood.toArray(CompletableFuture[]::new)).join();
    assertThat(server.requests()).isEqualTo(2);
    assertThat(flood.getLast().join())
        .isEqualTo(
            new AuthResult.Rejected(
                "unknown key id 'garbage-199' for issuer 'https://idp.example.com'"));

    for (int i = 0; i < 50; i++) {
      rejected(authenticator, Tokens.sign(kid1.withKid("more-" + i), claims()));
    }
    assertThat(server.requests()).isEqualTo(2);

    clock.advance(PAST_RATE_LIMIT);
    rejected(authenticator, Tokens.sign(kid1.withKid("later"), claims()));
    assertThat(server.requests()).isEqualTo(3);
  }

  @Test
  void concurrentRequestsShareOneFetchAndTheCallerIsNotBlocked() throws Exception {
    server.hold();
    List<CompletableFuture<AuthResult>> waiting = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      waiting.add(authenticator.authenticate(Tokens.sign(kid1, claims())).toCompletableFuture());
    }
    assertThat(waiting).noneMatch(CompletableFuture::isDone);

    server.release();
    for (CompletableFuture<AuthResult> result : waiting) {
      assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(AuthResult.Authenticated.class);
    }
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void fetchFailureIsReportedWithoutDetail() {
    server.failWith(500);

    assertThat(rejected(authenticator, Tokens.sign(kid1, claims())))
        .isEqualTo("could not fetch keys for issuer 'https://idp.example.com'");
  }

  @Test
  void unreachableEndpointIsReportedWithoutDetail() {
    server.close();

    assertThat(rejected(authenticator, Tokens.sign(kid1, claims())))
        .isEqualTo("could not fetch keys for issuer 'https://idp.example.com'");
  }

  @Test
  void fetchFailuresAreRateLimitedToo() {
    server.failWith(503);
    for (int i = 0; i < 20; i++) {
      rejected(authenticator, Tokens.sign(kid1, claims()));
    }

    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void keysFetchedBeforeKeepServingWhenARefreshFails() {
    accepted(authenticator, Tokens.sign(kid1, claims()));
    server.failWith(500);
    clock.advance(REFRESH);

    accepted(authenticator, Tokens.sign(kid1, claims()));
    assertThat(server.requests()).isEqualTo(2);
  }
}
