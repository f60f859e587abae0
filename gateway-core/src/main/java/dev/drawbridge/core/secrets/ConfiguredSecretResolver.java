package dev.drawbridge.core.secrets;

import dev.drawbridge.config.ConnectionConfig;
import dev.drawbridge.config.CredentialConfig;
import dev.drawbridge.core.ports.SecretResolver;
import dev.drawbridge.core.ports.UpstreamCredential;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Serves each connection's credential from the configuration, where its secret was resolved from an
 * {@code ${env:…}} or {@code ${file:…}} reference at load time.
 */
public final class ConfiguredSecretResolver implements SecretResolver {

  private final Map<String, CredentialConfig> credentials;

  public ConfiguredSecretResolver(List<ConnectionConfig> connections) {
    this.credentials =
        connections.stream()
            .filter(c -> c.credential() != null)
            .collect(
                Collectors.toUnmodifiableMap(
                    ConnectionConfig::name, ConnectionConfig::credential, (a, b) -> a));
  }

  @Override
  public CompletionStage<UpstreamCredential> credentialFor(String connection) {
    CredentialConfig credential = credentials.get(connection);
    if (credential == null || credential.username() == null || credential.password() == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(
              "connection '"
                  + connection
                  + "' has no credential; set connections[].credential.username and password"));
    }
    return CompletableFuture.completedFuture(
        new UpstreamCredential(credential.username(), credential.password()));
  }
}
