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
 * @param catalogReads whether agents may read the database's catalog ({@code pg_catalog}, {@code
 *     information_schema}) without a grant, so that {@code psql \d} and driver metadata work;
 *     {@code true} when not set
 */
public record ConnectionConfig(
    String name,
    ConnectionType type,
    UpstreamConfig upstream,
    CredentialConfig credential,
    List<MaskingRuleConfig> masking,
    Boolean catalogReads) {

  public ConnectionConfig {
    masking = masking == null ? List.of() : List.copyOf(masking);
    catalogReads = catalogReads == null ? Boolean.TRUE : catalogReads;
  }

  /** A connection with catalog reads allowed. */
  public ConnectionConfig(
      String name,
      ConnectionType type,
      UpstreamConfig upstream,
      CredentialConfig credential,
      List<MaskingRuleConfig> masking) {
    this(name, type, upstream, credential, masking, null);
  }

  /** Whether agents may read the catalog without a grant. */
  public boolean allowsCatalogReads() {
    return catalogReads;
  }
}
