package dev.drawbridge.postgres.upstream;

import dev.drawbridge.config.ConnectionConfig;
import dev.drawbridge.config.UpstreamTlsMode;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the gateway reaches one connection's upstream server.
 *
 * @param connection the configured connection's name, the only one the agent is ever told
 * @param host upstream host
 * @param port upstream port
 * @param database the upstream database
 * @param tlsMode how TLS is negotiated
 * @param tls the client context for {@code prefer}, {@code require} and {@code verify-full}
 * @param connectTimeout how long a TCP connect may take
 * @param catalogReads whether agents may read the catalog without a grant
 */
public record UpstreamTarget(
    String connection,
    String host,
    int port,
    String database,
    UpstreamTlsMode tlsMode,
    SslContext tls,
    Duration connectTimeout,
    boolean catalogReads) {

  public UpstreamTarget {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(tlsMode, "tlsMode");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (tlsMode != UpstreamTlsMode.DISABLE) {
      Objects.requireNonNull(tls, "tls");
    }
  }

  /** The target of a configured PostgreSQL connection, its TLS context built once here. */
  public static UpstreamTarget of(ConnectionConfig connection) {
    var upstream = connection.upstream();
    return new UpstreamTarget(
        connection.name(),
        upstream.host(),
        upstream.port(),
        upstream.database(),
        upstream.tls(),
        UpstreamTls.context(connection.name(), upstream.tls(), upstream.ca()),
        upstream.connectTimeout(),
        connection.allowsCatalogReads());
  }

  public Optional<SslContext> tlsContext() {
    return Optional.ofNullable(tls);
  }

  /** Whether a server that declines TLS must be refused. */
  public boolean requiresTls() {
    return tlsMode == UpstreamTlsMode.REQUIRE || tlsMode == UpstreamTlsMode.VERIFY_FULL;
  }

  /** Host and port, for the gateway's own logs only. */
  public String address() {
    return host + ":" + port;
  }
}
