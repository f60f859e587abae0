package dev.drawbridge.core.identity;

import com.nimbusds.jose.jwk.JWKSet;
import java.util.concurrent.CompletionStage;

/** Fetches an issuer's JWKS: from a URL or a file. */
interface JwksFetcher {

  /** Starts a fetch and returns at once; the stage fails when the keys cannot be fetched. */
  CompletionStage<JWKSet> fetch();

  /** Where the keys come from, for log lines (no query string, no credentials). */
  String describe();
}
