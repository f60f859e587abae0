package dev.drawbridge.core.ports;

import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Operation;
import java.util.OptionalLong;

/**
 * Decides an operation against the grants. Called on an event loop for every operation, so an
 * implementation answers from memory: no I/O, no locks held for long.
 */
public interface Authorizer {

  Decision decide(Operation operation);

  /**
   * The most rows one statement allowed under grant {@code grantId} may return; empty for no limit.
   */
  default OptionalLong rowLimit(String grantId) {
    return OptionalLong.empty();
  }
}
