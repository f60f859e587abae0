package dev.drawbridge.config.internal;

import dev.drawbridge.config.AgentKeyConfig;
import dev.drawbridge.config.ConnectionConfig;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.HttpListenerConfig;
import dev.drawbridge.config.IssuerConfig;
import dev.drawbridge.config.MaskingRuleConfig;
import dev.drawbridge.config.PostgresListenerConfig;
import dev.drawbridge.config.PostgresStoreConfig;
import dev.drawbridge.config.SshListenerConfig;
import dev.drawbridge.config.TlsConfig;
import dev.drawbridge.config.UpstreamConfig;
import dev.drawbridge.config.WebhookConfig;
import java.util.List;
import java.util.Map;

/**
 * The keys a section must have whenever it is present. Requirements that depend on other values (a
 * {@code postgres} connection needs {@code upstream.database}) are semantic rules instead.
 */
final class RequiredKeys {

  private static final Map<Class<?>, List<String>> REQUIRED =
      Map.ofEntries(
          Map.entry(PostgresListenerConfig.class, List.of("bind")),
          Map.entry(HttpListenerConfig.class, List.of("bind")),
          Map.entry(SshListenerConfig.class, List.of("bind")),
          Map.entry(TlsConfig.class, List.of("cert", "key")),
          Map.entry(IssuerConfig.class, List.of("issuer")),
          Map.entry(AgentKeyConfig.class, List.of("name", "keySha256")),
          Map.entry(ConnectionConfig.class, List.of("name", "type", "upstream")),
          Map.entry(UpstreamConfig.class, List.of("host", "port")),
          Map.entry(MaskingRuleConfig.class, List.of("strategy")),
          Map.entry(GrantConfig.class, List.of("id", "subject", "connection")),
          Map.entry(PostgresStoreConfig.class, List.of("url")),
          Map.entry(WebhookConfig.class, List.of("url")));

  private RequiredKeys() {}

  static List<String> of(Class<?> section) {
    return REQUIRED.getOrDefault(section, List.of());
  }
}
