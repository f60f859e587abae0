package dev.drawbridge.core.ports;

import dev.drawbridge.core.model.Identity;
import java.util.Objects;

/** The outcome of authenticating a token. */
public sealed interface AuthResult {

  /** The token was valid. */
  record Authenticated(Identity identity) implements AuthResult {
    public Authenticated {
      Objects.requireNonNull(identity, "identity");
    }
  }

  /**
   * The token was refused.
   *
   * @param reason what was wrong, in words the agent can act on ({@code token expired at …}); never
   *     key material or the token itself
   */
  record Rejected(String reason) implements AuthResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
