package dev.drawbridge.core.identity;

import static dev.drawbridge.core.identity.Results.accepted;
import static dev.drawbridge.core.identity.Results.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.config.AgentKeyConfig;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Identity;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Static agent keys, stored as SHA-256 hashes and compared in constant time. */
class AgentKeysTest {

  static final String SUPPORT_KEY =
      "3f6c1e0a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e";
  static final String BILLING_KEY = "billing-key-0123456789abcdef0123456789abcdef";

  static String sha256Hex(String key) {
    return HexFormat.of().formatHex(AgentKeys.sha256(key));
  }

  static List<AgentKeyConfig> agents() {
    return List.of(
        new AgentKeyConfig("support-bot", sha256Hex(SUPPORT_KEY), List.of("support")),
        new AgentKeyConfig("billing-bot", sha256Hex(BILLING_KEY), List.of("billing", "finance")));
  }

  private static TokenAuthenticator authenticator() {
    return TokenAuthenticator.create(
        new IdentityConfig(List.of(), agents(), null), Clock.systemUTC(), Runnable::run);
  }

  @Test
  void hashMatchesWhatSha256sumPrints() {
    // printf %s abc | sha256sum
    assertThat(sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void rightKeyGivesTheAgentsIdentity() {
    try (TokenAuthenticator authenticator = authenticator()) {
      Identity identity = accepted(authenticator, BILLING_KEY);

      assertThat(identity.subject()).isEqualTo("billing-bot");
      assertThat(identity.agent()).isEqualTo("billing-bot");
      assertThat(identity.groups()).containsExactlyInAnyOrder("billing", "finance");
      assertThat(identity.issuer()).isEqualTo("agent-key");
      assertThat(identity.method()).isEqualTo(AuthMethod.AGENT_KEY);
      assertThat(identity.expiresAt()).isNull();
    }
  }

  @Test
  void wrongKeyIsRejected() {
    try (TokenAuthenticator authenticator = authenticator()) {
      assertThat(rejected(authenticator, SUPPORT_KEY + "0")).isEqualTo("agent key not recognised");
      assertThat(rejected(authenticator, sha256Hex(SUPPORT_KEY)))
          .isEqualTo("agent key not recognised");
    }
  }

  @Test
  void everyHashIsComparedEvenAfterAMatch() {
    AtomicInteger comparisons = new AtomicInteger();
    AgentKeys keys =
        new AgentKeys(
            agents(),
            (a, b) -> {
              comparisons.incrementAndGet();
              return MessageDigest.isEqual(a, b);
            });

    Optional<Identity> first = keys.authenticate(SUPPORT_KEY);

    assertThat(first).map(Identity::agent).contains("support-bot");
    assertThat(comparisons).hasValue(2);
  }

  @Test
  void malformedHashIsRefusedAtStart() {
    List<AgentKeyConfig> bad = List.of(new AgentKeyConfig("bot", "not-a-hash", List.of()));

    assertThatThrownBy(() -> new AgentKeys(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "identity.agents[0].keySha256: must be the 64 hex characters of a SHA-256 hash");
  }
}
