package dev.drawbridge.core.identity;

import dev.drawbridge.core.ports.AuthResult;

/**
 * Thrown inside this package when a check refuses a token; turned into {@link AuthResult.Rejected}
 * at one place. It carries only the reason and no stack trace, since it is control flow, not a
 * fault.
 */
final class Rejection extends Exception {

  private static final long serialVersionUID = 1L;

  Rejection(String reason) {
    super(reason, null, false, false);
  }

  AuthResult.Rejected toResult() {
    return new AuthResult.Rejected(getMessage());
  }
}
