package dev.drawbridge.config;

import java.nio.file.Path;

/**
 * Where a connection's real system is.
 *
 * @param host host name or address
 * @param port TCP port
 * @param database the database to open (PostgreSQL connections)
 * @param tls how the connection is secured (default {@code prefer})
 * @param ca PEM CA bundle used to verify the upstream with {@code verify-full}
 */
public record UpstreamConfig(String host, int port, String database, UpstreamTlsMode tls, Path ca) {

  public UpstreamConfig {
    tls = tls == null ? UpstreamTlsMode.PREFER : tls;
  }
}
