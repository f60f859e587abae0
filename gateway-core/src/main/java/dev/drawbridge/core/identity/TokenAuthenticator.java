package dev.drawbridge.core.identity;

import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.core.ports.AuthResult;
import dev.drawbridge.core.ports.Authenticator;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates the token an agent presents: a JWT (three base64url parts separated by dots) from a
 * configured issuer, or else a static agent key. The returned stage never blocks the caller: JWKS
 * fetches run on the executor given at creation, and every other check completes at once. The stage
 * always completes normally, with {@link AuthResult.Authenticated} or with {@link
 * AuthResult.Rejected} and a reason the agent can act on (see docs/identity.md).
 *
 * <p>Create one per configuration and close it when done: closing releases the HTTP client used for
 * JWKS fetches (and the executor, if it was created here).
 */
public final class TokenAuthenticator implements Authenticator, AutoCloseable {

  /** Longer tokens are refused without parsing them. */
  public static final int MAX_TOKEN_LENGTH = 16 * 1024;

  private static final Logger log = LoggerFactory.getLogger(TokenAuthenticator.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final IssuerDirectory issuers;
  private final JwtAuthenticator jwt;
  private final AgentKeys agentKeys;
  private final HttpClient httpClient;
  private final ExecutorService ownedExecutor;

  private TokenAuthenticator(
      IssuerDirectory issuers,
      ClaimsCheck claimsCheck,
      AgentKeys agentKeys,
      HttpClient httpClient,
      ExecutorService ownedExecutor) {
    this.issuers = issuers;
    this.jwt = new JwtAuthenticator(issuers, claimsCheck);
    this.agentKeys = agentKeys;
    this.httpClient = httpClient;
    this.ownedExecutor = ownedExecutor;
  }

  /**
   * An authenticator for a configuration.
   *
   * @param config the issuers and agent keys to trust
   * @param clock the time {@code exp} and {@code nbf} are checked against and JWKS caching uses
   * @param executor where JWKS fetches (HTTP and file re-reads) run; never a Netty event loop. It
   *     is not shut down by {@link #close()}.
   * @throws IllegalArgumentException when the configuration cannot be used (an HMAC secret shorter
   *     than 32 bytes, an unreadable JWKS file, a malformed agent key hash, …); the message never
   *     contains a secret
   */
  public static TokenAuthenticator create(IdentityConfig config, Clock clock, Executor executor) {
    return create(config, clock, executor, null);
  }

  /**
   * An authenticator on the system clock, with its own executor (virtual threads) for JWKS fetches,
   * shut down by {@link #close()}.
   *
   * @see #create(IdentityConfig, Clock, Executor)
   */
  public static TokenAuthenticator create(IdentityConfig config) {
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    try {
      return create(config, Clock.systemUTC(), executor, executor);
    } catch (RuntimeException e) {
      executor.shutdownNow();
      throw e;
    }
  }

  private static TokenAuthenticator create(
      IdentityConfig config, Clock clock, Executor executor, ExecutorService owned) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(executor, "executor");
    ClaimsCheck claimsCheck = new ClaimsCheck(clock, config.clockSkew());
    AgentKeys agentKeys = new AgentKeys(config.agents());
    HttpClient httpClient =
        HttpClient.newBuilder()
            .executor(executor)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    try {
      IssuerDirectory issuers =
          IssuerDirectory.build(config.issuers(), clock, executor, httpClient);
      log.info(
          "identity: {} issuer(s), {} agent key(s), clock skew {}",
          config.issuers().size(),
          agentKeys.size(),
          config.clockSkew());
      return new TokenAuthenticator(issuers, claimsCheck, agentKeys, httpClient, owned);
    } catch (RuntimeException e) {
      httpClient.shutdownNow();
      throw e;
    }
  }

  @Override
  public CompletionStage<AuthResult> authenticate(String token) {
    if (token == null || token.isEmpty()) {
      return done(new AuthResult.Rejected(Reasons.noToken()));
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      return done(new AuthResult.Rejected(Reasons.tooLong(MAX_TOKEN_LENGTH)));
    }
    CompletionStage<AuthResult> result;
    try {
      result =
          looksLikeJwt(token)
              ? jwt.authenticate(token)
              : done(
                  agentKeys
                      .authenticate(token)
                      .<AuthResult>map(AuthResult.Authenticated::new)
                      .orElseGet(() -> new AuthResult.Rejected(Reasons.agentKeyNotRecognised())));
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.exceptionally(TokenAuthenticator::internalError).thenApply(this::logged);
  }

  /**
   * Whether a token has the shape of a JWS in compact serialization: three base64url parts, the
   * first two non-empty (the third is empty for an unsigned token, which is then refused).
   */
  static boolean looksLikeJwt(String token) {
    int dots = 0;
    int partLength = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        if (partLength == 0 || ++dots > 2) {
          return false;
        }
        partLength = 0;
      } else if (isBase64Url(c)) {
        partLength++;
      } else {
        return false;
      }
    }
    return dots == 2;
  }

  private static boolean isBase64Url(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }

  private static AuthResult internalError(Throwable error) {
    log.error(
        "token check failed unexpectedly ({}); the token is refused",
        error.getClass().getName(),
        error);
    return new AuthResult.Rejected(Reasons.internalError());
  }

  private AuthResult logged(AuthResult result) {
    if (log.isDebugEnabled()) {
      switch (result) {
        case AuthResult.Authenticated(var identity) ->
            log.debug(
                "authenticated agent '{}' ({} via {})",
                identity.agent(),
                identity.method(),
                identity.issuer());
        case AuthResult.Rejected(var reason) -> log.debug("token rejected: {}", reason);
      }
    }
    return result;
  }

  private static CompletionStage<AuthResult> done(AuthResult result) {
    return CompletableFuture.completedFuture(result);
  }

  /** Releases the JWKS HTTP client and, for {@link #create(IdentityConfig)}, the executor. */
  @Override
  public void close() {
    issuers.close();
    httpClient.shutdownNow();
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
  }
}
