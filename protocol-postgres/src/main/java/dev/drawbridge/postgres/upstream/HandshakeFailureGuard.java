package dev.drawbridge.postgres.upstream;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Stands at the end of an upstream pipeline while its TLS handshake runs: the handshake's failure
 * is reported through its future, so the exception Netty also fires is only closed on here, not
 * logged a second time.
 */
@ChannelHandler.Sharable
final class HandshakeFailureGuard extends ChannelInboundHandlerAdapter {

  static final String NAME = "upstream-tls-handshake-guard";
  static final HandshakeFailureGuard INSTANCE = new HandshakeFailureGuard();

  private HandshakeFailureGuard() {}

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
