package dev.drawbridge.core.identity;

import dev.drawbridge.config.AgentKeyConfig;
import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Identity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Static agent keys. Only their SHA-256 hashes are held; a presented key is hashed once and its
 * hash is compared in constant time with every configured hash, without stopping at a match, so the
 * time taken says nothing about which key (if any) matched.
 */
final class AgentKeys {

  /** The issuer recorded in identities established by an agent key. */
  static final String ISSUER = "agent-key";

  private static final int SHA256_BYTES = 32;

  private record Entry(String name, byte[] hash, Set<String> groups) {}

  private final List<Entry> entries;
  private final BiPredicate<byte[], byte[]> equality;

  AgentKeys(List<AgentKeyConfig> agents) {
    this(agents, MessageDigest::isEqual);
  }

  /** For tests: {@code equality} replaces {@link MessageDigest#isEqual}. */
  AgentKeys(List<AgentKeyConfig> agents, BiPredicate<byte[], byte[]> equality) {
    this.equality = equality;
    List<Entry> parsed = new ArrayList<>(agents.size());
    for (int i = 0; i < agents.size(); i++) {
      AgentKeyConfig agent = agents.get(i);
      String where = "identity.agents[" + i + "]";
      if (agent.name() == null || agent.name().isBlank()) {
        throw new IllegalArgumentException(where + ".name: must not be empty");
      }
      parsed.add(
          new Entry(agent.name(), parseHash(where, agent.keySha256()), Set.copyOf(agent.groups())));
    }
    this.entries = List.copyOf(parsed);
  }

  /** The identity the key belongs to, or empty when no configured hash matches. */
  Optional<Identity> authenticate(String key) {
    byte[] presented = sha256(key);
    Entry match = null;
    for (Entry entry : entries) {
      boolean equal = equality.test(presented, entry.hash());
      if (equal && match == null) {
        match = entry;
      }
    }
    if (match == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Identity(
            match.name(), match.name(), match.groups(), ISSUER, AuthMethod.AGENT_KEY, null));
  }

  int size() {
    return entries.size();
  }

  private static byte[] parseHash(String where, String hex) {
    if (hex == null || hex.length() != SHA256_BYTES * 2) {
      throw new IllegalArgumentException(
          where + ".keySha256: must be the 64 hex characters of a SHA-256 hash");
    }
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where + ".keySha256: must be the 64 hex characters of a SHA-256 hash", e);
    }
  }

  static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
