package dev.drawbridge.config;

import java.util.List;

/**
 * A static agent key. Only its SHA-256 is stored: {@code printf %s "$KEY" | sha256sum}.
 *
 * @param name the agent's name
 * @param keySha256 lowercase hex SHA-256 of the key
 * @param groups the groups the agent belongs to
 */
public record AgentKeyConfig(String name, String keySha256, List<String> groups) {

  public AgentKeyConfig {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }
}
