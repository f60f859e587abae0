package dev.drawbridge.server;

import dev.drawbridge.config.ConnectionConfig;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.Secret;
import dev.drawbridge.core.masking.MaskingPolicy;
import dev.drawbridge.core.runtime.GatewayRuntimeException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each connection's compiled masking rules, keyed for the {@code hash} strategy with {@code
 * gateway.maskingKey} (configuration checks require it when a rule hashes; without such a rule a
 * random key serves, and is never used).
 */
final class MaskingPolicies {

  private MaskingPolicies() {}

  static Map<String, MaskingPolicy> of(DrawbridgeConfig config) {
    byte[] key = key(config.gateway().maskingKey());
    Map<String, MaskingPolicy> policies = new LinkedHashMap<>();
    for (ConnectionConfig connection : config.connections()) {
      if (connection.masking().isEmpty()) {
        continue;
      }
      try {
        policies.put(connection.name(), new MaskingPolicy(connection.masking(), key));
      } catch (IllegalArgumentException e) {
        throw new GatewayRuntimeException(
            "connections." + connection.name() + "." + e.getMessage());
      }
    }
    return Map.copyOf(policies);
  }

  private static byte[] key(Secret secret) {
    if (secret != null && !secret.isEmpty()) {
      return secret.reveal().getBytes(StandardCharsets.UTF_8);
    }
    byte[] random = new byte[MaskingPolicy.MIN_HASH_KEY_BYTES];
    new SecureRandom().nextBytes(random);
    return random;
  }
}
