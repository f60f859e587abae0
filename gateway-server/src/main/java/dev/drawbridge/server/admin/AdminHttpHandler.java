package dev.drawbridge.server.admin;

import dev.drawbridge.server.admin.api.ApiRequest;
import dev.drawbridge.server.admin.api.Problem;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each HTTP request into an {@link AdminRoutes} call and writes its response when it is
 * ready, on the channel's event loop and in the order the requests came (a pipelining client gets
 * its answers in order even when a later one is ready first).
 */
@ChannelHandler.Sharable
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(AdminHttpHandler.class);

  /** The channel's last response, written or on its way: the next one is written after it. */
  private static final AttributeKey<CompletableFuture<Void>> LAST_RESPONSE =
      AttributeKey.valueOf(AdminHttpHandler.class, "lastResponse");

  private final AdminRoutes routes;

  AdminHttpHandler(AdminRoutes routes) {
    this.routes = routes;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean decoded = request.decoderResult().isSuccess();
    boolean head = request.method().equals(HttpMethod.HEAD);
    boolean keepAlive = HttpUtil.isKeepAlive(request) && decoded;
    HttpVersion version = request.protocolVersion();
    CompletionStage<AdminRoutes.Response> answer;
    if (!decoded) {
      answer = done(Problem.of(400, "the request is not valid HTTP/1.1"));
    } else {
      answer = answer(request);
    }
    CompletableFuture<Void> previous = ctx.channel().attr(LAST_RESPONSE).get();
    CompletableFuture<Void> written =
        (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous)
            .thenCombine(answer, (ignored, response) -> response)
            .thenAcceptAsync(
                response -> write(ctx, version, head, keepAlive, response), ctx.executor())
            .exceptionally(
                failure -> {
                  log.error("admin response could not be written; closing", failure);
                  ctx.close();
                  return null;
                });
    ctx.channel().attr(LAST_RESPONSE).set(written);
  }

  private CompletionStage<AdminRoutes.Response> answer(FullHttpRequest request) {
    ApiRequest call =
        new ApiRequest(
            request.method().name(),
            request.uri(),
            request.headers().get(HttpHeaderNames.AUTHORIZATION),
            request.headers().get(HttpHeaderNames.CONTENT_TYPE),
            ByteBufUtil.getBytes(request.content()));
    try {
      return routes
          .handle(call)
          .exceptionally(
              failure -> {
                log.error("admin request {} {} failed", call.method(), call.uri(), failure);
                return internalError();
              });
    } catch (RuntimeException e) {
      log.error("admin request {} {} failed", call.method(), call.uri(), e);
      return CompletableFuture.completedFuture(internalError());
    }
  }

  private static void write(
      ChannelHandlerContext ctx,
      HttpVersion version,
      boolean head,
      boolean keepAlive,
      AdminRoutes.Response answer) {
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
    FullHttpResponse response =
        new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(answer.status()), content);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    for (Map.Entry<String, String> header : answer.headers().entrySet()) {
      response.headers().set(header.getKey(), header.getValue());
    }
    HttpUtil.setKeepAlive(response, keepAlive);
    var written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static CompletionStage<AdminRoutes.Response> done(
      dev.drawbridge.server.admin.api.ApiResponse response) {
    return CompletableFuture.completedFuture(AdminRoutes.Response.of(response));
  }

  private static AdminRoutes.Response internalError() {
    return AdminRoutes.Response.of(
        Problem.of(500, "the call failed inside the gateway; its log says why"));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof ReadTimeoutException) {
      ctx.close(); // an idle keep-alive connection from a scraper or probe: nothing to report
      return;
    }
    log.warn(
        "admin connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
