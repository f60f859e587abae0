package dev.drawbridge.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.config.ConnectionConfig;
import dev.drawbridge.config.ConnectionType;
import dev.drawbridge.config.CredentialConfig;
import dev.drawbridge.config.Secret;
import dev.drawbridge.config.UpstreamConfig;
import dev.drawbridge.core.ports.UpstreamCredential;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfiguredSecretResolverTest {

  private final ConfiguredSecretResolver resolver =
      new ConfiguredSecretResolver(
          List.of(
              connection("orders-db", new CredentialConfig("app_ro", Secret.of("s3cret-pw"))),
              connection("no-credential", null)));

  @Test
  void servesTheConnectionsCredential() {
    UpstreamCredential credential =
        resolver.credentialFor("orders-db").toCompletableFuture().join();
    assertThat(credential.username()).isEqualTo("app_ro");
    assertThat(credential.password().reveal()).isEqualTo("s3cret-pw");
    assertThat(credential.toString()).doesNotContain("s3cret-pw");
  }

  @Test
  void aConnectionWithoutCredentialFailsWithItsName() {
    assertThatThrownBy(() -> resolver.credentialFor("no-credential").toCompletableFuture().join())
        .hasMessageContaining("connection 'no-credential' has no credential");
    assertThatThrownBy(() -> resolver.credentialFor("unknown").toCompletableFuture().join())
        .hasMessageContaining("connection 'unknown' has no credential");
  }

  private static ConnectionConfig connection(String name, CredentialConfig credential) {
    return new ConnectionConfig(
        name,
        ConnectionType.POSTGRES,
        new UpstreamConfig("127.0.0.1", 5432, "postgres", null, null),
        credential,
        null);
  }
}
