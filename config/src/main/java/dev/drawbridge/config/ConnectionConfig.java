package dev.drawbridge.config;

import java.util.List;

/**
 * A target agents reach through the gateway, by name.
 *
 * @param name what agents ask for (the PostgreSQL database name, the HTTP route, the SSH host)
 * @param type the protocol it speaks
 * @param upstream where the real system is
 * @param credential what the gateway presents upstream; agents never see it
 * @param masking rules applied to every response from this connection
 */
public record ConnectionConfig(
    String name,
    ConnectionType type,
    UpstreamConfig upstream,
    CredentialConfig credential,
    List<MaskingRuleConfig> masking) {

  public ConnectionConfig {
    masking = masking == null ? List.of() : List.copyOf(masking);
  }
}
