package dev.drawbridge.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.config.BindAddress;
import dev.drawbridge.config.TlsConfig;
import dev.drawbridge.testing.TestPki;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextsTest {

  @TempDir Path dir;

  @Test
  void servesTlsWithThePemCertificateAndKey() throws Exception {
    TestPki.KeyPair pair = TestPki.selfSigned(dir, "server");
    SslContext context = TlsContexts.server(new TlsConfig(pair.cert(), pair.key()));
    try (EventLoops loops = EventLoops.create("tls-test", Transport.best(), 1)) {
      NettyListener listener =
          new NettyListener("tls", new BindAddress("127.0.0.1", 0), loops, tlsEcho(context));
      InetSocketAddress address = listener.start().toCompletableFuture().get(5, TimeUnit.SECONDS);
      try (SSLSocket socket =
          (SSLSocket)
              trusting(pair.cert())
                  .getSocketFactory()
                  .createSocket("localhost", address.getPort())) {
        socket.startHandshake();
        X509Certificate presented = (X509Certificate) socket.getSession().getPeerCertificates()[0];
        assertThat(presented).isEqualTo(load(pair.cert()));
        assertThat(socket.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        socket.getOutputStream().write('x');
        assertThat(socket.getInputStream().read()).isEqualTo('x');
      } finally {
        listener.close();
      }
    }
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.crt");
    assertThatThrownBy(() -> TlsContexts.server(new TlsConfig(missing, missing)))
        .isInstanceOf(GatewayRuntimeException.class)
        .hasMessageContaining("TLS certificate " + missing + " is missing or unreadable");
  }

  @Test
  void aFileThatIsNotPemIsReportedWithBothPaths() throws Exception {
    Path cert = Files.writeString(dir.resolve("bad.crt"), "not a certificate");
    Path key = Files.writeString(dir.resolve("bad.key"), "not a key");
    assertThatThrownBy(() -> TlsContexts.server(new TlsConfig(cert, key)))
        .isInstanceOf(GatewayRuntimeException.class)
        .hasMessageContaining("cannot load TLS certificate " + cert + " and key " + key)
        .hasMessageContaining("PKCS#8");
  }

  private static ChannelInitializer<Channel> tlsEcho(SslContext context) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel channel) {
        channel.pipeline().addLast(context.newHandler(channel.alloc()));
        channel
            .pipeline()
            .addLast(
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ctx.writeAndFlush((ByteBuf) msg);
                  }
                });
      }
    };
  }

  private static SSLContext trusting(Path cert) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("server", load(cert));
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static X509Certificate load(Path cert) throws Exception {
    try (InputStream in = Files.newInputStream(cert)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
