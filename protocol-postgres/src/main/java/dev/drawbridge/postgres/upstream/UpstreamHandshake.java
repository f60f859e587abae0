package dev.drawbridge.postgres.upstream;

import com.ongres.scram.common.exception.ScramException;
import dev.drawbridge.core.ports.UpstreamCredential;
import dev.drawbridge.postgres.PgProtocolException;
import dev.drawbridge.postgres.codec.Frames;
import dev.drawbridge.postgres.message.BackendType;
import dev.drawbridge.postgres.message.FrontendMessages;
import dev.drawbridge.postgres.message.ServerError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Logs in to the upstream with the gateway's credential: sends the startup packet, answers the
 * server's authentication request, collects {@code ParameterStatus} and {@code BackendKeyData}, and
 * completes at {@code ReadyForQuery}. Every message it reads is consumed here; none reaches the
 * agent except the parameter statuses it hands over.
 */
final class UpstreamHandshake extends ChannelInboundHandlerAdapter {

  static final String NAME = "upstream-handshake";

  private static final int AUTH_OK = 0;
  private static final int AUTH_CLEARTEXT = 3;
  private static final int AUTH_MD5 = 5;
  private static final int AUTH_SASL = 10;
  private static final int AUTH_SASL_CONTINUE = 11;
  private static final int AUTH_SASL_FINAL = 12;

  private final UpstreamTarget target;
  private final UpstreamCredential credential;
  private final Map<String, String> startupParameters;
  private final CompletableFuture<UpstreamSession> ready;

  /**
   * The schemas an unqualified name can resolve to in this session, in order: the search path's
   * existing schemas (PostgreSQL skips {@code $user} when the role has no such schema).
   */
  static final String SEARCH_SCHEMAS =
      "select s from pg_catalog.unnest(pg_catalog.current_schemas(false)) as s";

  private final List<ByteBuf> parameterStatus = new ArrayList<>();
  private final List<String> searchSchemas = new ArrayList<>();
  private boolean probing;
  private ScramExchange scram;
  private boolean scramVerified;
  private int processId;
  private int secretKey;

  UpstreamHandshake(
      UpstreamTarget target,
      UpstreamCredential credential,
      Map<String, String> startupParameters,
      CompletableFuture<UpstreamSession> ready) {
    this.target = target;
    this.credential = credential;
    this.startupParameters = startupParameters;
    this.ready = ready;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(FrontendMessages.startup(ctx.alloc(), startupParameters));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    boolean keep = false;
    try {
      keep = handle(ctx, frame);
    } catch (PgProtocolException e) {
      fail(ctx, e);
    } finally {
      if (!keep) {
        frame.release();
      }
    }
  }

  /** Returns whether the frame was kept. */
  private boolean handle(ChannelHandlerContext ctx, ByteBuf frame) {
    BackendType type = BackendType.of(Frames.type(frame)).orElseThrow();
    switch (type) {
      case AUTHENTICATION -> authenticate(ctx, frame);
      case PARAMETER_STATUS -> {
        parameterStatus.add(frame);
        return true;
      }
      case BACKEND_KEY_DATA -> {
        processId = frame.getInt(Frames.bodyStart(frame));
        secretKey = frame.getInt(Frames.bodyStart(frame) + 4);
      }
      case NOTICE_RESPONSE, NEGOTIATE_PROTOCOL_VERSION -> {
        // nothing the agent needs before its session starts
      }
      case ERROR_RESPONSE -> {
        ServerError error = ServerError.read(frame);
        throw probing
            ? UpstreamErrors.protocol(
                target, "cannot read the session's search path: " + error.message())
            : UpstreamErrors.refused(target, error.sqlState(), error.message());
      }
      case READY_FOR_QUERY -> {
        byte status = frame.getByte(Frames.bodyStart(frame));
        if (!probing) {
          // logged in: ask which schemas an unqualified name can resolve to
          probing = true;
          ctx.writeAndFlush(FrontendMessages.query(ctx.alloc(), SEARCH_SCHEMAS));
          return false;
        }
        ctx.pipeline().remove(this);
        ctx.channel().config().setAutoRead(false);
        ready.complete(
            new UpstreamSession(
                ctx.channel(),
                parameterStatus,
                processId,
                secretKey,
                status,
                credential.username(),
                searchSchemas));
      }
      case ROW_DESCRIPTION, COMMAND_COMPLETE -> {
        if (!probing) {
          throw UpstreamErrors.protocol(target, "unexpected " + type + " during the handshake");
        }
      }
      case DATA_ROW -> {
        if (!probing) {
          throw UpstreamErrors.protocol(target, "unexpected " + type + " during the handshake");
        }
        int at = Frames.bodyStart(frame) + 2;
        int length = frame.getInt(at);
        if (length >= 0) {
          searchSchemas.add(frame.toString(at + 4, length, StandardCharsets.UTF_8));
        }
      }
      default ->
          throw UpstreamErrors.protocol(target, "unexpected " + type + " during the handshake");
    }
    return false;
  }

  private void authenticate(ChannelHandlerContext ctx, ByteBuf frame) {
    int body = Frames.bodyStart(frame);
    int code = frame.getInt(body);
    switch (code) {
      case AUTH_OK -> {
        if (scram != null && !scramVerified) {
          throw UpstreamErrors.protocol(
              target, "SCRAM: the server accepted the login without proving it knows the password");
        }
      }
      case AUTH_CLEARTEXT ->
          ctx.writeAndFlush(FrontendMessages.password(ctx.alloc(), credential.password().reveal()));
      case AUTH_MD5 -> {
        byte[] salt = ByteBufUtil.getBytes(frame, body + 4, 4);
        String answer =
            Md5Password.answer(credential.username(), credential.password().reveal(), salt);
        ctx.writeAndFlush(FrontendMessages.password(ctx.alloc(), answer));
      }
      case AUTH_SASL -> {
        try {
          scram =
              ScramExchange.start(
                  mechanisms(frame, body + 4), credential.password().reveal().toCharArray());
        } catch (IllegalArgumentException e) {
          throw UpstreamErrors.protocol(target, e.getMessage());
        }
        ctx.writeAndFlush(
            FrontendMessages.saslInitialResponse(
                ctx.alloc(), ScramExchange.MECHANISM, scram.clientFirst()));
      }
      case AUTH_SASL_CONTINUE -> {
        try {
          byte[] serverFirst = saslData(frame, body);
          ctx.writeAndFlush(
              FrontendMessages.saslResponse(ctx.alloc(), scram().clientFinal(serverFirst)));
        } catch (ScramException e) {
          throw UpstreamErrors.protocol(target, "SCRAM: " + e.getMessage());
        }
      }
      case AUTH_SASL_FINAL -> {
        try {
          scram().verifyServerFinal(saslData(frame, body));
          scramVerified = true;
        } catch (ScramException e) {
          throw UpstreamErrors.protocol(
              target, "SCRAM: the server could not prove it knows the password: " + e.getMessage());
        }
      }
      default ->
          throw UpstreamErrors.protocol(
              target,
              "authentication method "
                  + code
                  + " is not supported (use SCRAM-SHA-256, MD5 or password for the gateway's role)");
    }
  }

  private ScramExchange scram() {
    if (scram == null) {
      throw UpstreamErrors.protocol(target, "SASL continuation without a SASL start");
    }
    return scram;
  }

  private static byte[] saslData(ByteBuf frame, int body) {
    return ByteBufUtil.getBytes(frame, body + 4, Frames.bodyEnd(frame) - body - 4);
  }

  private static List<String> mechanisms(ByteBuf frame, int from) {
    List<String> names = new ArrayList<>();
    int at = from;
    int end = Frames.bodyEnd(frame);
    while (at < end && frame.getByte(at) != 0) {
      int nul = frame.indexOf(at, end, (byte) 0);
      if (nul < 0) {
        break;
      }
      names.add(frame.toString(at, nul - at, StandardCharsets.UTF_8));
      at = nul + 1;
    }
    return names;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    fail(ctx, UpstreamErrors.unreachable(target, "closed during the startup handshake"));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable root = cause.getCause() instanceof PgProtocolException p ? p : cause;
    fail(
        ctx,
        root instanceof PgProtocolException p
            ? p
            : UpstreamErrors.unreachable(target, String.valueOf(cause.getMessage())));
  }

  private void fail(ChannelHandlerContext ctx, PgProtocolException failure) {
    if (ready.completeExceptionally(failure)) {
      parameterStatus.forEach(ByteBuf::release);
      parameterStatus.clear();
      ctx.close();
    }
  }
}
