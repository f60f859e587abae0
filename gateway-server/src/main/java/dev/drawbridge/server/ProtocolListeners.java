package dev.drawbridge.server;

import dev.drawbridge.config.DrawbridgeConfig;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
      Clock clock) {}

  private static final Logger log = LoggerFactory.getLogger(ProtocolListeners.class);

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
    config.listeners().postgresListener().ifPresent(postgres -> warnOfDetectors(config));
    config.listeners().postgresListener().ifPresent(postgres -> warnOfRowLimits(config));
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
                            services.clock()))));
    return List.copyOf(listeners);
  }

  /**
   * Content detectors need result masking, which the PostgreSQL listener does not do yet; column
   * rules are enforced by refusing statements that touch the column, detectors cannot be.
   */
  private static void warnOfDetectors(DrawbridgeConfig config) {
    List<String> connections =
        config.connections().stream()
            .filter(c -> c.masking().stream().anyMatch(rule -> !rule.detectors().isEmpty()))
            .map(c -> c.name())
            .toList();
    if (!connections.isEmpty()) {
      log.warn(
          "masking detectors of connections {} are not applied by this build: results are not"
              + " scanned yet (masked columns are refused instead; docs/policy.md, known limits)",
          connections);
    }
  }

  /** Row limits are validated but not enforced by this build; say so rather than imply them. */
  private static void warnOfRowLimits(DrawbridgeConfig config) {
    List<String> grants =
        config.grants().stream()
            .filter(g -> g.limits().rowsPerStatement() != null)
            .map(g -> g.id())
            .toList();
    if (!grants.isEmpty()) {
      log.warn(
          "limits.rowsPerStatement of grants {} is not enforced by this build yet"
              + " (docs/policy.md, known limits)",
          grants);
    }
  }
}
