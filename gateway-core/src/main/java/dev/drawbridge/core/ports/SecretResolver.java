package dev.drawbridge.core.ports;

import java.util.concurrent.CompletionStage;

/**
 * Hands a protocol module the credential for a connection when it opens an upstream. Protocol
 * modules ask here instead of reading the configuration, so a credential can come from a vault or
 * rotate without them knowing.
 */
public interface SecretResolver {

  /** Completes exceptionally with a message naming the connection when it has no credential. */
  CompletionStage<UpstreamCredential> credentialFor(String connection);
}
