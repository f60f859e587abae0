package dev.drawbridge.postgres.server;

import dev.drawbridge.config.ConnectionConfig;
import dev.drawbridge.config.ConnectionType;
import dev.drawbridge.config.PostgresListenerConfig;
import dev.drawbridge.core.masking.MaskingPolicy;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.ports.ApprovalBroker;
import dev.drawbridge.core.ports.AuditSink;
import dev.drawbridge.core.ports.Authenticator;
import dev.drawbridge.core.ports.Authorizer;
import dev.drawbridge.core.ports.SecretResolver;
import dev.drawbridge.core.runtime.EventLoops;
import dev.drawbridge.core.runtime.GatewayRuntimeException;
import dev.drawbridge.core.runtime.NettyListener;
import dev.drawbridge.core.runtime.TlsContexts;
import dev.drawbridge.postgres.codec.FrontendDecoder;
import dev.drawbridge.postgres.masking.MaskingCatalog;
import dev.drawbridge.postgres.sql.CachingClassifier;
import dev.drawbridge.postgres.sql.PgQuery;
import dev.drawbridge.postgres.sql.StatementClassifier;
import dev.drawbridge.postgres.upstream.UpstreamConnector;
import dev.drawbridge.postgres.upstream.UpstreamTarget;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the agent-facing PostgreSQL listener: its pipeline, shared services and meters. */
public final class PostgresListener {

  /** How long a masking catalog snapshot serves new sessions before it is read again. */
  static final Duration CATALOG_MAX_AGE = Duration.ofSeconds(30);

  private PostgresListener() {}

  /** What the listener needs from the rest of the gateway. */
  public record Dependencies(
      Authenticator authenticator,
      Authorizer authorizer,
      StatementPolicy statements,
      SecretResolver secrets,
      AuditSink audit,
      MeterRegistry meters,
      Clock clock,
      Map<String, MaskingPolicy> masking,
      ApprovalBroker approvals) {

    /** Without approvals: a statement a review rule holds is refused. */
    public Dependencies(
        Authenticator authenticator,
        Authorizer authorizer,
        StatementPolicy statements,
        SecretResolver secrets,
        AuditSink audit,
        MeterRegistry meters,
        Clock clock,
        Map<String, MaskingPolicy> masking) {
      this(authenticator, authorizer, statements, secrets, audit, meters, clock, masking, null);
    }
  }

  /**
   * A listener named {@code postgres} serving the configuration's PostgreSQL connections.
   *
   * @throws dev.drawbridge.core.runtime.GatewayRuntimeException when a certificate or CA file does
   *     not load
   */
  public static NettyListener create(
      PostgresListenerConfig config,
      List<ConnectionConfig> connections,
      EventLoops loops,
      Dependencies dependencies) {
    Map<String, UpstreamTarget> targets = new LinkedHashMap<>();
    for (ConnectionConfig connection : connections) {
      if (connection.type() == ConnectionType.POSTGRES) {
        targets.put(connection.name(), UpstreamTarget.of(connection));
      }
    }
    PgQuery parser =
        switch (PgQuery.load()) {
          case PgQuery.Loaded.Available available -> available.parser();
          case PgQuery.Loaded.Missing missing ->
              throw new GatewayRuntimeException("listeners.postgres: " + missing.message());
        };
    UpstreamConnector connector = new UpstreamConnector(loops.transport(), messageLimit(config));
    StatementClassifier classifier = new StatementClassifier(parser);
    Map<String, MaskingCatalog> masking = new LinkedHashMap<>();
    targets.forEach(
        (name, target) ->
            masking.put(
                name,
                new MaskingCatalog(
                    target,
                    dependencies.masking().getOrDefault(name, MaskingPolicy.none()),
                    connector,
                    dependencies.secrets(),
                    dependencies.clock(),
                    CATALOG_MAX_AGE,
                    definition -> runsCode(classifier, definition))));
    PgServices services =
        new PgServices(
            config,
            config.tls() == null ? null : TlsContexts.server(config.tls()),
            targets,
            masking,
            dependencies.authenticator(),
            dependencies.authorizer(),
            dependencies.statements(),
            parser,
            new CachingClassifier(parser),
            dependencies.secrets(),
            dependencies.audit(),
            connector,
            new CancelKeys(),
            new PgMetrics(dependencies.meters()),
            dependencies.clock(),
            dependencies.approvals());
    return new NettyListener("postgres", config.bind(), loops, initializer(services));
  }

  /**
   * Whether a view's definition calls anything but functions known to be harmless (then what it
   * shows cannot be traced to the columns it reads).
   */
  private static boolean runsCode(StatementClassifier classifier, String definition) {
    return classifier.classify(definition).stream().anyMatch(s -> s.action() != Action.READ);
  }

  /** The configured message limit, never above PostgreSQL's own 1 GiB. */
  private static int messageLimit(PostgresListenerConfig config) {
    return (int) Math.min(1L << 30, config.maxMessageSize().bytes());
  }

  private static ChannelHandler initializer(PgServices services) {
    int maxStartup = (int) services.listener().maxStartupPacket().bytes();
    int maxMessage =
        (int) Math.min(Integer.MAX_VALUE, services.listener().maxMessageSize().bytes());
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel channel) {
        channel
            .pipeline()
            .addLast("frontend-decoder", new FrontendDecoder(maxStartup, maxMessage))
            .addLast("session", new AgentSession(services));
      }
    };
  }
}
