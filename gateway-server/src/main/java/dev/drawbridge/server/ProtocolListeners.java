package dev.drawbridge.server;

import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.core.ports.Authenticator;
import dev.drawbridge.core.ports.ProtocolListener;
import dev.drawbridge.core.runtime.EventLoops;
import dev.drawbridge.core.runtime.GatewayRuntimeException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the agent-facing listeners the configuration asks for. A listener this build cannot serve
 * is refused at start-up rather than silently skipped: an operator who configured it expects its
 * port to be open and enforced.
 */
final class ProtocolListeners {

  private ProtocolListeners() {}

  static List<ProtocolListener> create(
      DrawbridgeConfig config, EventLoops loops, Authenticator authenticator) {
    List<String> unavailable = new ArrayList<>();
    config.listeners().postgresListener().ifPresent(l -> unavailable.add("listeners.postgres"));
    config.listeners().httpListener().ifPresent(l -> unavailable.add("listeners.http"));
    config.listeners().sshListener().ifPresent(l -> unavailable.add("listeners.ssh"));
    if (!unavailable.isEmpty()) {
      throw new GatewayRuntimeException(
          String.join(", ", unavailable)
              + ": this build of Drawbridge has no such protocol listener yet; remove the section"
              + " or run a build that includes it");
    }
    return List.of();
  }
}
