package dev.drawbridge.core.identity;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Fetches a JWKS over HTTP(S) with {@link HttpClient#sendAsync}. The request is started on the
 * given executor, so the caller (a Netty event loop) does no DNS lookup or connect of its own.
 * Redirects are not followed.
 */
final class HttpJwksFetcher implements JwksFetcher {

  /** A JWKS is a few kilobytes; anything far larger is refused. */
  static final int MAX_BODY_BYTES = 1 << 20;

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client;
  private final URI uri;
  private final Executor executor;

  HttpJwksFetcher(HttpClient client, URI uri, Executor executor) {
    this.client = client;
    this.uri = uri;
    this.executor = executor;
  }

  @Override
  public CompletionStage<JWKSet> fetch() {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/jwk-set+json, application/json")
            .GET()
            .build();
    return CompletableFuture.supplyAsync(
            () -> client.sendAsync(request, BoundedBody.handler(MAX_BODY_BYTES)), executor)
        .thenCompose(response -> response)
        .thenApply(this::parse);
  }

  private JWKSet parse(HttpResponse<byte[]> response) {
    if (response.statusCode() != 200) {
      throw new CompletionException(new IOException("HTTP status " + response.statusCode()));
    }
    try {
      return JWKSet.parse(new String(response.body(), StandardCharsets.UTF_8)).toPublicJWKSet();
    } catch (ParseException e) {
      throw new CompletionException(new IOException("not a JWKS: " + e.getMessage(), e));
    }
  }

  @Override
  public String describe() {
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + uri.getPath();
  }
}
