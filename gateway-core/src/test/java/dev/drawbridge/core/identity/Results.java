package dev.drawbridge.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.ports.AuthResult;
import dev.drawbridge.core.ports.Authenticator;
import java.util.concurrent.TimeUnit;

/** Waits for authentication results in tests. */
final class Results {

  private Results() {}

  static AuthResult await(Authenticator authenticator, String token) {
    try {
      return authenticator.authenticate(token).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("authentication did not complete normally", e);
    }
  }

  static Identity accepted(Authenticator authenticator, String token) {
    AuthResult result = await(authenticator, token);
    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    return ((AuthResult.Authenticated) result).identity();
  }

  static String rejected(Authenticator authenticator, String token) {
    AuthResult result = await(authenticator, token);
    assertThat(result).isInstanceOf(AuthResult.Rejected.class);
    return ((AuthResult.Rejected) result).reason();
  }
}
