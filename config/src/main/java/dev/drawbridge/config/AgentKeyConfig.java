package dev.drawbridge.config;

import java.util.List;
import java.util.Locale;

/**
 * A static agent key. Only its SHA-256 is stored: {@code printf %s "$KEY" | sha256sum}.
 *
 * @param name the agent's name
 * @param keySha256 hex SHA-256 of the key, kept in lowercase
 * @param groups the groups the agent belongs to
 */
public record AgentKeyConfig(String name, String keySha256, List<String> groups) {

  public AgentKeyConfig {
    keySha256 = keySha256 == null ? null : keySha256.toLowerCase(Locale.ROOT);
    groups = groups == null ? List.of() : List.copyOf(groups);
  }
}
