package dev.drawbridge.postgres.server;

import dev.drawbridge.config.PostgresListenerConfig;
import dev.drawbridge.core.ports.ApprovalBroker;
import dev.drawbridge.core.ports.AuditSink;
import dev.drawbridge.core.ports.Authenticator;
import dev.drawbridge.core.ports.Authorizer;
import dev.drawbridge.core.ports.SecretResolver;
import dev.drawbridge.postgres.masking.MaskingCatalog;
import dev.drawbridge.postgres.sql.CachingClassifier;
import dev.drawbridge.postgres.sql.PgQuery;
import dev.drawbridge.postgres.upstream.UpstreamConnector;
import dev.drawbridge.postgres.upstream.UpstreamTarget;
import io.netty.handler.ssl.SslContext;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a PostgreSQL session needs from the gateway, shared by all sessions of a listener.
 *
 * @param listener the listener's settings
 * @param tls the server TLS context, or {@code null} when the listener has no certificate
 * @param targets the configured PostgreSQL connections by name
 * @param masking each connection's masking, by its name
 * @param approvals where statements held for approval wait, or {@code null} when the gateway has no
 *     approvals (held statements are then refused)
 */
record PgServices(
    PostgresListenerConfig listener,
    SslContext tls,
    Map<String, UpstreamTarget> targets,
    Map<String, MaskingCatalog> masking,
    Authenticator authenticator,
    Authorizer authorizer,
    StatementPolicy statements,
    PgQuery parser,
    CachingClassifier classifier,
    SecretResolver secrets,
    AuditSink audit,
    UpstreamConnector connector,
    CancelKeys cancelKeys,
    PgMetrics metrics,
    Clock clock,
    ApprovalBroker approvals) {

  PgServices {
    Objects.requireNonNull(listener, "listener");
    targets = Map.copyOf(targets);
    masking = Map.copyOf(masking);
    Objects.requireNonNull(authenticator, "authenticator");
    Objects.requireNonNull(authorizer, "authorizer");
    Objects.requireNonNull(statements, "statements");
    Objects.requireNonNull(parser, "parser");
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(connector, "connector");
    Objects.requireNonNull(cancelKeys, "cancelKeys");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(clock, "clock");
  }

  Optional<SslContext> tlsContext() {
    return Optional.ofNullable(tls);
  }
}
