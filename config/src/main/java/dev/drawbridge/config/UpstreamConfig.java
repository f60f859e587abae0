package dev.drawbridge.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where a connection's real system is.
 *
 * @param host host name or address
 * @param port TCP port
 * @param database the database to open (PostgreSQL connections)
 * @param tls how the connection is secured (default {@code prefer})
 * @param ca PEM CA bundle used to verify the upstream with {@code verify-full}
 * @param connectTimeout how long opening the upstream connection may take (default 10s)
 */
public record UpstreamConfig(
    String host, int port, String database, UpstreamTlsMode tls, Path ca, Duration connectTimeout) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  public UpstreamConfig {
    tls = tls == null ? UpstreamTlsMode.PREFER : tls;
    connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
  }

  /** An upstream with the default connect timeout. */
  public UpstreamConfig(String host, int port, String database, UpstreamTlsMode tls, Path ca) {
    this(host, port, database, tls, ca, null);
  }
}
