package dev.drawbridge.postgres.upstream;

import dev.drawbridge.config.UpstreamTlsMode;
import dev.drawbridge.core.runtime.GatewayRuntimeException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Client TLS towards an upstream, with libpq's meaning of each mode: {@code prefer} and {@code
 * require} encrypt without verifying the server, {@code verify-full} verifies the chain against the
 * configured CA (or the JDK's trust store) and the host name.
 */
final class UpstreamTls {

  private UpstreamTls() {}

  static SslContext context(String connection, UpstreamTlsMode mode, Path ca) {
    try {
      return switch (mode) {
        case DISABLE -> null;
        case PREFER, REQUIRE ->
            SslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .build();
        case VERIFY_FULL -> {
          SslContextBuilder builder = SslContextBuilder.forClient();
          if (ca != null) {
            builder.trustManager(ca.toFile());
          }
          yield builder.build();
        }
      };
    } catch (SSLException | IllegalArgumentException e) {
      throw new GatewayRuntimeException(
          "connections '"
              + connection
              + "': cannot load the upstream CA file "
              + ca
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** A handler for one connection; with {@code verify-full} it also checks the host name. */
  static SslHandler handler(UpstreamTarget target, ByteBufAllocator alloc) {
    SslHandler handler = target.tls().newHandler(alloc, target.host(), target.port());
    if (target.tlsMode() == UpstreamTlsMode.VERIFY_FULL) {
      SSLEngine engine = handler.engine();
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(parameters);
    }
    return handler;
  }
}
