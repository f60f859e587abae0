package dev.drawbridge.core.ports;

import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Operation;

/**
 * Decides an operation against the grants. Called on an event loop for every operation, so an
 * implementation answers from memory: no I/O, no locks held for long.
 */
public interface Authorizer {

  Decision decide(Operation operation);
}
