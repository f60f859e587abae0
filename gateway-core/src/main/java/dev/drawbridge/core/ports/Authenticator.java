package dev.drawbridge.core.ports;

import java.util.concurrent.CompletionStage;

/**
 * Establishes who an agent is from the token it presented in its own protocol (a PostgreSQL
 * password, an HTTP bearer token, an SSH password). The stage may complete on another thread (a
 * JWKS fetch, say); it never blocks the caller.
 */
public interface Authenticator {

  CompletionStage<AuthResult> authenticate(String token);
}
