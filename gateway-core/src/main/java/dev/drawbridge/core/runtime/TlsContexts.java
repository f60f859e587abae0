package dev.drawbridge.core.runtime;

import dev.drawbridge.config.TlsConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProtocols;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds server TLS contexts from PEM files. */
public final class TlsContexts {

  private TlsContexts() {}

  /**
   * A server context with the certificate chain and PKCS#8 key in {@code tls}, offering TLS 1.3 and
   * 1.2 only.
   *
   * @throws GatewayRuntimeException naming the file when a file is missing or not valid PEM
   */
  public static SslContext server(TlsConfig tls) {
    Path cert = tls.cert();
    Path key = tls.key();
    requireReadable(cert, "certificate");
    requireReadable(key, "private key");
    try (InputStream certIn = Files.newInputStream(cert);
        InputStream keyIn = Files.newInputStream(key)) {
      return SslContextBuilder.forServer(certIn, keyIn)
          .protocols(SslProtocols.TLS_v1_3, SslProtocols.TLS_v1_2)
          .build();
    } catch (Exception e) {
      throw new GatewayRuntimeException(
          "cannot load TLS certificate "
              + cert
              + " and key "
              + key
              + ": "
              + rootMessage(e)
              + " (expected a PEM certificate chain and an unencrypted PKCS#8 PEM key)",
          e);
    }
  }

  private static void requireReadable(Path file, String what) {
    if (!Files.isReadable(file)) {
      throw new GatewayRuntimeException("TLS " + what + " " + file + " is missing or unreadable");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
