package dev.drawbridge.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.config.BindAddress;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NettyListenerTest {

  private EventLoops loops;

  @BeforeEach
  void loops() {
    loops = EventLoops.create("test", Transport.best(), 2);
  }

  @AfterEach
  void shutdown() throws InterruptedException {
    loops.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void bindsAnEphemeralPortAndServesEachConnectionThroughTheProtocolPipeline() throws Exception {
    NettyListener listener = echoListener();
    InetSocketAddress address = listener.start().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(address.getPort()).isPositive();
    try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
      assertThat(echo(socket, "ping")).isEqualTo("ping");
      await(() -> listener.openSessions() == 1);
    } finally {
      listener.close();
    }
  }

  @Test
  void gracefulDrainWaitsForSessionsThatFinishBeforeTheDeadline() throws Exception {
    NettyListener listener = echoListener();
    InetSocketAddress address = listener.start().toCompletableFuture().get(5, TimeUnit.SECONDS);
    Socket socket = new Socket(address.getAddress(), address.getPort());
    echo(socket, "hello");

    listener.stopAccepting().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
        .isInstanceOf(ConnectException.class);
    CompletableFuture<Integer> drained =
        listener.drain(Duration.ofSeconds(30)).toCompletableFuture();
    assertThat(echo(socket, "still served while draining"))
        .isEqualTo("still served while draining");
    assertThat(drained).isNotDone();

    socket.close();
    assertThat(drained.get(5, TimeUnit.SECONDS)).isZero();
    listener.close();
  }

  @Test
  void drainClosesSessionsStillOpenAtTheDeadline() throws Exception {
    NettyListener listener = echoListener();
    InetSocketAddress address = listener.start().toCompletableFuture().get(5, TimeUnit.SECONDS);
    try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
      echo(socket, "x");
      listener.stopAccepting().toCompletableFuture().get(5, TimeUnit.SECONDS);
      int forced =
          listener.drain(Duration.ofMillis(200)).toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(forced).isEqualTo(1);
      assertThat(socket.getInputStream().read()).as("server closed the session").isEqualTo(-1);
    }
    listener.close();
  }

  @Test
  void aPortInUseIsReportedWithTheListenerAndAddress() throws Exception {
    NettyListener first = echoListener();
    InetSocketAddress address = first.start().toCompletableFuture().get(5, TimeUnit.SECONDS);
    NettyListener second =
        new NettyListener("second", new BindAddress("127.0.0.1", address.getPort()), loops, echo());
    try {
      assertThatThrownBy(() -> second.start().toCompletableFuture().join())
          .hasCauseInstanceOf(GatewayRuntimeException.class)
          .hasMessageContaining("cannot bind second listener to 127.0.0.1:" + address.getPort());
    } finally {
      first.close();
      second.close();
    }
  }

  @Test
  void supervisorStopsEveryListenerAndReportsForcedClosures() throws Exception {
    NettyListener a = echoListener("a");
    NettyListener b = echoListener("b");
    ListenerSupervisor supervisor = new ListenerSupervisor(List.of(a, b));
    var bound = supervisor.start(Duration.ofSeconds(5));
    assertThat(supervisor.allBound()).isTrue();
    InetSocketAddress address = bound.get("a");
    try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
      echo(socket, "x");
      assertThat(supervisor.shutdown(Duration.ofMillis(200))).isEqualTo(1);
      assertThat(supervisor.allBound()).isFalse();
      assertThat(a.isAccepting()).isFalse();
      assertThat(b.isAccepting()).isFalse();
    }
  }

  private NettyListener echoListener() {
    return echoListener("echo");
  }

  private NettyListener echoListener(String name) {
    return new NettyListener(name, new BindAddress("127.0.0.1", 0), loops, echo());
  }

  private static ChannelInitializer<Channel> echo() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel channel) {
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

  private static String echo(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes());
    out.flush();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[text.length()];
    int read = 0;
    while (read < buffer.length) {
      int n = in.read(buffer, read, buffer.length - read);
      if (n < 0) {
        throw new IOException("closed after " + read + " bytes");
      }
      read += n;
    }
    return new String(buffer);
  }

  private static void await(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
