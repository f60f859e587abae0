package dev.drawbridge.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.AgentKeyConfig;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.core.ports.AuthResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeteredAuthenticatorTest {

  @Test
  void countsAcceptedAndRejectedAttemptsByMethod() throws Exception {
    String key = "metered-test-agent-key-0123456789";
    IdentityConfig identity =
        new IdentityConfig(
            List.of(), List.of(new AgentKeyConfig("bot", sha256(key), List.of())), null);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (TokenAuthenticator tokens =
        TokenAuthenticator.create(identity, Clock.systemUTC(), Runnable::run)) {
      MeteredAuthenticator metered = new MeteredAuthenticator(tokens, registry);

      assertThat(metered.authenticate(key).toCompletableFuture().join())
          .isInstanceOf(AuthResult.Authenticated.class);
      assertThat(metered.authenticate("wrong").toCompletableFuture().join())
          .isInstanceOf(AuthResult.Rejected.class);
      metered.authenticate("also wrong").toCompletableFuture().join();
    }

    assertThat(count(registry, "accepted", "agent-key")).isEqualTo(1);
    assertThat(count(registry, "accepted", "jwt")).isZero();
    assertThat(count(registry, "rejected", "unknown")).isEqualTo(2);
    assertThat(registry.get("drawbridge.auth.duration").tag("result", "rejected").timer().count())
        .isEqualTo(2);
  }

  private static double count(SimpleMeterRegistry registry, String result, String method) {
    return registry
        .get("drawbridge.auth.attempts")
        .tag("result", result)
        .tag("method", method)
        .counter()
        .count();
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
