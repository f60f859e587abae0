package dev.drawbridge.core.identity;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** Reads a JWKS from a file: once, blocking, at start, and later re-reads on the executor. */
final class FileJwksFetcher implements JwksFetcher {

  private final Path path;
  private final Executor executor;

  FileJwksFetcher(Path path, Executor executor) {
    this.path = path;
    this.executor = executor;
  }

  /** Reads the file now, on the calling thread; for start-up only. */
  JWKSet readNow() throws IOException {
    try {
      return JWKSet.parse(Files.readString(path)).toPublicJWKSet();
    } catch (ParseException e) {
      throw new IOException("not a JWKS: " + e.getMessage(), e);
    }
  }

  @Override
  public CompletionStage<JWKSet> fetch() {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return readNow();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        executor);
  }

  @Override
  public String describe() {
    return path.toString();
  }
}
