package dev.drawbridge.postgres.upstream;

import dev.drawbridge.config.UpstreamTlsMode;
import dev.drawbridge.core.ports.UpstreamCredential;
import dev.drawbridge.core.runtime.Transport;
import dev.drawbridge.postgres.PgProtocolException;
import dev.drawbridge.postgres.codec.BackendDecoder;
import dev.drawbridge.postgres.message.FrontendMessages;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Opens upstream connections on the agent's own event loop, so a session's two channels never cross
 * threads: a logged-in {@link UpstreamSession}, or a one-shot connection that forwards a cancel
 * request.
 */
public final class UpstreamConnector {

  private final Transport transport;
  private final int maxMessageSize;

  /**
   * @param maxMessageSize the largest message accepted from an upstream, length word included
   */
  public UpstreamConnector(Transport transport, int maxMessageSize) {
    this.transport = transport;
    this.maxMessageSize = maxMessageSize;
  }

  /**
   * Connects on {@code agent}'s event loop, negotiates TLS as the target says, and logs in with
   * {@code credential}. The upstream channel is closed whenever the agent's is, handshake or not.
   *
   * @param clientParameters parameters from the agent's startup packet to pass on (already
   *     filtered); {@code user} and {@code database} are the gateway's own
   * @return completes on {@code loop} with the ready session, or exceptionally with a {@link
   *     PgProtocolException} whose error names only the connection
   */
  public CompletionStage<UpstreamSession> open(
      Channel agent,
      UpstreamTarget target,
      UpstreamCredential credential,
      Map<String, String> clientParameters) {
    return login(
        agent.eventLoop(),
        target,
        credential,
        clientParameters,
        upstream -> agent.closeFuture().addListener(f -> upstream.close()));
  }

  /**
   * Opens a session of the gateway's own (no agent behind it) on {@code loop}, as {@link #open}
   * does; the caller closes it.
   *
   * @param applicationName what the server shows for it in {@code pg_stat_activity}
   */
  public CompletionStage<UpstreamSession> openOwn(
      EventLoop loop,
      UpstreamTarget target,
      UpstreamCredential credential,
      String applicationName) {
    return login(
        loop, target, credential, Map.of("application_name", applicationName), upstream -> {});
  }

  private CompletionStage<UpstreamSession> login(
      EventLoop loop,
      UpstreamTarget target,
      UpstreamCredential credential,
      Map<String, String> clientParameters,
      Consumer<Channel> whenConnected) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("user", credential.username());
    parameters.put("database", target.database());
    clientParameters.forEach(parameters::putIfAbsent);
    CompletableFuture<UpstreamSession> ready = new CompletableFuture<>();
    connect(
        loop,
        target,
        ready,
        whenConnected,
        channel ->
            channel
                .pipeline()
                .addLast("backend-decoder", new BackendDecoder(maxMessageSize))
                .addLast(
                    UpstreamHandshake.NAME,
                    new UpstreamHandshake(target, credential, parameters, ready)));
    return ready;
  }

  /**
   * Sends a {@code CancelRequest} for the upstream key, over TLS where the target requires it, and
   * closes. Failures are only logged by the caller: PostgreSQL itself never answers a cancel.
   */
  public CompletionStage<Void> cancel(
      EventLoop loop, UpstreamTarget target, int processId, int secretKey) {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    connect(
        loop,
        target,
        sent,
        upstream ->
            loop.schedule(
                () -> upstream.close(),
                2 * target.connectTimeout().toMillis(),
                TimeUnit.MILLISECONDS),
        channel ->
            channel
                .writeAndFlush(
                    FrontendMessages.cancelRequest(channel.alloc(), processId, secretKey))
                .addListener(
                    f -> {
                      if (f.isSuccess()) {
                        sent.complete(null);
                      } else {
                        sent.completeExceptionally(f.cause());
                      }
                      channel.close();
                    }));
    return sent;
  }

  /**
   * Connects, secures, then hands the channel to {@code whenSecured}; failures go to {@code
   * result}.
   */
  private void connect(
      EventLoop loop,
      UpstreamTarget target,
      CompletableFuture<?> result,
      Consumer<Channel> whenConnected,
      Consumer<Channel> whenSecured) {
    CompletableFuture<Void> secured = new CompletableFuture<>();
    new Bootstrap()
        .group(loop)
        .channel(transport.clientChannel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) target.connectTimeout().toMillis())
        .handler(initializer(target, secured))
        .connect(target.host(), target.port())
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (!f.isSuccess()) {
                    result.completeExceptionally(
                        UpstreamErrors.unreachable(target, String.valueOf(f.cause().getMessage())));
                    return;
                  }
                  Channel channel = f.channel();
                  whenConnected.accept(channel);
                  if (target.tlsMode() == UpstreamTlsMode.DISABLE) {
                    secured.complete(null);
                  }
                  secured.whenComplete(
                      (ok, failure) -> {
                        if (failure != null) {
                          result.completeExceptionally(failure);
                          channel.close();
                        } else if (channel.isActive()) {
                          whenSecured.accept(channel);
                        } else {
                          result.completeExceptionally(
                              UpstreamErrors.unreachable(target, "closed before the handshake"));
                        }
                      });
                });
  }

  private static ChannelHandler initializer(
      UpstreamTarget target, CompletableFuture<Void> secured) {
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel channel) {
        if (target.tlsMode() != UpstreamTlsMode.DISABLE) {
          channel.pipeline().addLast(TlsNegotiator.NAME, new TlsNegotiator(target, secured));
        }
      }
    };
  }
}
