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
    config.listeners().postgresListener().ifPresent(postgres -> warnOfStatementRules(config));
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
                            StatementPolicy.connectScoped(services.authorizer()),
                            services.secrets(),
                            services.audit(),
                            services.meters(),
                            services.clock()))));
    return List.copyOf(listeners);
  }

  /**
   * Says at start which grants carry statement rules that this build does not enforce yet, so an
   * operator never believes a {@code deny: [ddl]} protects them.
   */
  private static void warnOfStatementRules(DrawbridgeConfig config) {
    List<String> ids =
        config.grants().stream()
            .filter(
                g ->
                    java.util.stream.Stream.of(g.allow(), g.review(), g.deny())
                        .flatMap(List::stream)
                        .flatMap(rule -> rule.actions().stream())
                        .anyMatch(action -> !action.equals("connect")))
            .map(g -> g.id())
            .toList();
    if (!ids.isEmpty()) {
      log.warn(
          "statement rules are not enforced by this build: grants {} admit their agents to the"
              + " connection, and every statement is then allowed while the grant is in force"
              + " (docs/policy.md)",
          ids);
    }
  }
}
