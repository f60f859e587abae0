package dev.drawbridge.postgres.upstream;

import dev.drawbridge.postgres.message.FrontendMessages;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends {@code SSLRequest}, reads the server's one-byte answer, and on {@code S} puts a TLS handler
 * in its own place. Completes {@code secured} when the channel is ready for the first packet: after
 * the TLS handshake, or at once when the server declines and the mode allows clear text.
 */
final class TlsNegotiator extends ByteToMessageDecoder {

  static final String NAME = "upstream-tls-negotiation";

  private final UpstreamTarget target;
  private final CompletableFuture<Void> secured;

  TlsNegotiator(UpstreamTarget target, CompletableFuture<Void> secured) {
    this.target = target;
    this.secured = secured;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    ctx.writeAndFlush(FrontendMessages.sslRequest(ctx.alloc()));
    super.channelActive(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (!in.isReadable()) {
      return;
    }
    byte answer = in.readByte();
    if (in.isReadable()) {
      // the answer must come alone: anything after it was sent before TLS and would be read as if
      // it had been encrypted (CVE-2021-23222)
      secured.completeExceptionally(
          UpstreamErrors.protocol(target, "unencrypted data after the answer to SSLRequest"));
      in.skipBytes(in.readableBytes());
      ctx.close();
      return;
    }
    switch (answer) {
      case 'S' -> {
        SslHandler tls = UpstreamTls.handler(target, ctx.alloc());
        ctx.pipeline().addAfter(NAME, "upstream-tls", tls);
        // a failed handshake is reported through `secured`; the guard keeps Netty from also
        // logging it as an unhandled exception
        ctx.pipeline()
            .addAfter("upstream-tls", HandshakeFailureGuard.NAME, HandshakeFailureGuard.INSTANCE);
        tls.handshakeFuture()
            .addListener(
                f -> {
                  if (f.isSuccess()) {
                    ctx.pipeline().remove(HandshakeFailureGuard.NAME);
                    secured.complete(null);
                  } else {
                    secured.completeExceptionally(
                        UpstreamErrors.tls(target, String.valueOf(f.cause().getMessage())));
                  }
                });
      }
      case 'N' -> {
        if (target.requiresTls()) {
          secured.completeExceptionally(
              UpstreamErrors.tls(
                  target, "the server does not offer TLS, and the connection requires it"));
          return;
        }
        secured.complete(null);
      }
      default -> {
        secured.completeExceptionally(
            UpstreamErrors.protocol(
                target, String.format("unexpected answer 0x%02x to SSLRequest", answer & 0xFF)));
        return;
      }
    }
    ctx.pipeline().remove(this);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    secured.completeExceptionally(
        UpstreamErrors.unreachable(target, "closed during TLS negotiation"));
    super.channelInactive(ctx);
  }
}
