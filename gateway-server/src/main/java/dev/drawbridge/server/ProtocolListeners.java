package dev.drawbridge.server;

import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.core.ports.ApprovalBroker;
import dev.drawbridge.core.ports.AuditSink;
import dev.drawbridge.core.ports.Authenticator;
import dev.drawbridge.core.ports.Authorizer;
import dev.drawbridge.core.ports.ProtocolListener;
import dev.drawbridge.core.ports.SecretResolver;
import dev.drawbridge.core.runtime.EventLoops;
import dev.drawbridge.core.runtime.GatewayRuntimeException;
import dev.drawbridge.postgres.server.PostgresListener;
import dev.drawbridge.postgres.server.StatementPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the agent-facing listeners the configuration asks for. A listener this build cannot serve
 * is refused at start-up rather than silently skipped: an operator who configured it expects its
 * port to be open and enforced.
 */
final class ProtocolListeners {

  /** What every protocol listener shares. */
  record Services(
      Authenticator authenticator,
      Authorizer authorizer,
      SecretResolver secrets,
      AuditSink audit,
      MeterRegistry meters,
      Clock clock,
      ApprovalBroker approvals) {}

  private ProtocolListeners() {}

  static List<ProtocolListener> create(
      DrawbridgeConfig config, EventLoops loops, Services services) {
    List<String> unavailable = new ArrayList<>();
    config.listeners().httpListener().ifPresent(l -> unavailable.add("listeners.http"));
    config.listeners().sshListener().ifPresent(l -> unavailable.add("listeners.ssh"));
    if (!unavailable.isEmpty()) {
      throw new GatewayRuntimeException(
          String.join(", ", unavailable)
              + ": this build of Drawbridge has no such protocol listener yet; remove the section"
              + " or run a build that includes it");
    }
    List<ProtocolListener> listeners = new ArrayList<>();
    config
        .listeners()
        .postgresListener()
        .ifPresent(
            postgres ->
                listeners.add(
                    PostgresListener.create(
                        postgres,
                        config.connections(),
                        loops,
                        new PostgresListener.Dependencies(
                            services.authenticator(),
                            services.authorizer(),
                            StatementPolicy.grants(services.authorizer()),
                            services.secrets(),
                            services.audit(),
                            services.meters(),
                            services.clock(),
                            MaskingPolicies.of(config),
                            services.approvals()))));
    return List.copyOf(listeners);
  }
}
