package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.ports.AuthResult;
import dev.drawbridge.postgres.PgProtocolException;
import dev.drawbridge.postgres.codec.BackendDecoder;
import dev.drawbridge.postgres.codec.Frames;
import dev.drawbridge.postgres.codec.FrontendDecoder;
import dev.drawbridge.postgres.masking.CatalogSnapshot;
import dev.drawbridge.postgres.masking.MaskingCatalog;
import dev.drawbridge.postgres.message.BackendMessages;
import dev.drawbridge.postgres.message.Cstrings;
import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.FrontendType;
import dev.drawbridge.postgres.message.SqlState;
import dev.drawbridge.postgres.message.StartupPacket;
import dev.drawbridge.postgres.sql.SearchPath;
import dev.drawbridge.postgres.upstream.UpstreamSession;
import dev.drawbridge.postgres.upstream.UpstreamTarget;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session from its first byte until it relays: TLS, the startup packet, the token as password,
 * connect authorization, and the upstream login. Then it hands the channel to {@link AgentSide} and
 * the upstream's to {@link UpstreamSide}. Every refusal is a FATAL error that says why and what to
 * do; the daemon is never affected.
 */
final class AgentSession extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(AgentSession.class);

  private enum State {
    STARTUP,
    PASSWORD,
    AUTHENTICATING,
    CONNECTING,
    RELAYING,
    ENDED
  }

  private final PgServices services;
  private final SessionLedger ledger;
  private State state = State.STARTUP;
  private StartupPacket.StartupMessage startup;
  private Map<String, String> forwarded;
  private ScheduledFuture<?> handshakeDeadline;

  AgentSession(PgServices services) {
    this.services = services;
    this.ledger = new SessionLedger(services.audit(), services.clock(), services.metrics());
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    long millis = services.listener().handshakeTimeout().toMillis();
    handshakeDeadline =
        ctx.executor()
            .schedule(
                () -> {
                  services.metrics().error("timeout");
                  refuse(
                      ctx,
                      "timeout",
                      ErrorResponse.fatal(
                          SqlState.CONNECTION_FAILURE,
                          "startup and authentication did not finish within " + millis + " ms",
                          "listeners.postgres.handshakeTimeout sets this limit"));
                },
                millis,
                TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    switch (msg) {
      case StartupPacket packet when state == State.STARTUP -> startup(ctx, packet);
      case ByteBuf frame when state == State.PASSWORD -> {
        try {
          password(ctx, frame);
        } finally {
          frame.release();
        }
      }
      case ByteBuf frame -> {
        frame.release();
        throw new PgProtocolException(
            ErrorResponse.fatal(
                SqlState.PROTOCOL_VIOLATION, "unexpected message before authentication completed"));
      }
      default ->
          throw new PgProtocolException(
              ErrorResponse.fatal(SqlState.PROTOCOL_VIOLATION, "unexpected startup packet"));
    }
  }

  private void startup(ChannelHandlerContext ctx, StartupPacket packet) {
    switch (packet) {
      case StartupPacket.SslRequest ssl -> sslRequest(ctx);
      case StartupPacket.GssEncRequest gss ->
          ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte('N'));
      case StartupPacket.CancelRequest cancel -> cancel(ctx, cancel);
      case StartupPacket.StartupMessage message -> startupMessage(ctx, message);
    }
  }

  private void sslRequest(ChannelHandlerContext ctx) {
    if (isTls(ctx) || services.tlsContext().isEmpty()) {
      ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte('N'));
      return;
    }
    // the answer goes out in clear text; everything after it through TLS
    ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte('S'));
    ctx.pipeline().addFirst("tls", services.tls().newHandler(ctx.alloc()));
  }

  private void cancel(ChannelHandlerContext ctx, StartupPacket.CancelRequest cancel) {
    services
        .cancelKeys()
        .lookup(cancel.processId(), cancel.secretKey())
        .ifPresent(
            up -> {
              if (up.local().run()) {
                return; // it stopped a statement waiting for an approval: nothing runs upstream
              }
              services
                  .connector()
                  .cancel(ctx.channel().eventLoop(), up.target(), up.processId(), up.secretKey())
                  .whenComplete(
                      (ok, failure) -> {
                        if (failure != null) {
                          log.warn(
                              "cancel for connection {} not delivered: {}",
                              up.target().connection(),
                              failure.getMessage());
                        }
                      });
            });
    // PostgreSQL never answers a cancel request, known key or not
    state = State.ENDED;
    ctx.close();
  }

  private void startupMessage(ChannelHandlerContext ctx, StartupPacket.StartupMessage message) {
    if (!isTls(ctx) && !services.listener().allowPlaintext()) {
      throw refusal(
          SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
          "this Drawbridge listener accepts only TLS connections",
          "connect with sslmode=require (libpq, psql, psycopg) or sslmode=require in the JDBC URL");
    }
    if (message.user().isEmpty()) {
      throw refusal(
          SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
          "no user name given",
          "connect as your agent's name or as \"" + Admission.ANY_AGENT_USER + "\"");
    }
    switch (StartupParameters.filter(message.parameters())) {
      case StartupParameters.Refuse refused ->
          throw refusal(
              SqlState.INSUFFICIENT_PRIVILEGE,
              "startup parameter \"" + refused.name() + "\" is not allowed through Drawbridge",
              refused.why());
      case StartupParameters.Forward forward -> this.forwarded = forward.parameters();
    }
    this.startup = message;
    if (message.minorVersion() > 0) {
      ctx.write(BackendMessages.negotiateProtocolVersion(ctx.alloc(), List.of()));
    }
    state = State.PASSWORD;
    ctx.writeAndFlush(BackendMessages.authenticationCleartextPassword(ctx.alloc()));
  }

  private void password(ChannelHandlerContext ctx, ByteBuf frame) {
    if (Frames.type(frame) != FrontendType.PASSWORD.code()) {
      throw new PgProtocolException(
          ErrorResponse.fatal(
              SqlState.PROTOCOL_VIOLATION,
              "expected a password message, got message type '" + (char) Frames.type(frame) + "'"));
    }
    String token = Cstrings.read(frame, Frames.bodyStart(frame), Frames.bodyEnd(frame)).orElse("");
    if (token.isEmpty()) {
      throw refusal(
          SqlState.INVALID_PASSWORD,
          "no token given for user \"" + startup.user() + "\"",
          "use a Drawbridge token (drawbridge token mint) or an agent key as the password");
    }
    state = State.AUTHENTICATING;
    ctx.channel().config().setAutoRead(false);
    services
        .authenticator()
        .authenticate(token)
        .whenComplete(
            (result, failure) ->
                onLoop(
                    ctx,
                    () -> {
                      if (failure != null) {
                        log.warn("authenticator failed", failure);
                        refuse(
                            ctx,
                            "authentication error",
                            ErrorResponse.fatal(
                                SqlState.INTERNAL_ERROR,
                                "the gateway could not check the token",
                                "try again; the gateway's log says why"));
                      } else {
                        authenticated(ctx, result);
                      }
                    }));
  }

  private void authenticated(ChannelHandlerContext ctx, AuthResult result) {
    if (state != State.AUTHENTICATING) {
      return;
    }
    switch (new Admission(services, ledger, startup, clientAddress(ctx)).decide(result)) {
      case Admission.Admitted admitted -> connectUpstream(ctx, admitted.target(), admitted.allow());
      case Admission.Refused refused -> refuse(ctx, "refused", refused.error());
    }
  }

  private void connectUpstream(
      ChannelHandlerContext ctx, UpstreamTarget target, Decision.Allow allow) {
    state = State.CONNECTING;
    MaskingCatalog masking = services.masking().get(target.connection());
    CompletionStage<CatalogSnapshot> catalog =
        masking
            .snapshot(ctx.channel().eventLoop())
            .exceptionallyCompose(
                failure ->
                    CompletableFuture.failedFuture(
                        refusal(
                            SqlState.CONNECTION_FAILURE,
                            "connection \""
                                + target.connection()
                                + "\" cannot be served: the gateway cannot read which of its"
                                + " columns are masked",
                            "this is the gateway's side; ask its operator to check the connection")));
    services
        .secrets()
        .credentialFor(target.connection())
        .thenCompose(
            credential -> services.connector().open(ctx.channel(), target, credential, forwarded))
        .thenCombine(catalog, (upstream, snapshot) -> upstream)
        .whenComplete(
            (upstream, failure) ->
                onLoop(
                    ctx,
                    () -> {
                      if (failure == null) {
                        relay(ctx, target, upstream, allow);
                      } else {
                        upstreamFailed(ctx, failure);
                      }
                    }));
  }

  private void upstreamFailed(ChannelHandlerContext ctx, Throwable failure) {
    Throwable cause =
        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    services.metrics().error("upstream");
    if (cause instanceof PgProtocolException p) {
      log.warn("session {}: {}", ledger.session().id(), p.logDetail());
      refuse(ctx, "upstream unavailable", p.error());
    } else {
      log.warn(
          "session {}: cannot open the upstream: {}", ledger.session().id(), cause.getMessage());
      refuse(
          ctx,
          "upstream unavailable",
          ErrorResponse.fatal(
              SqlState.CONNECTION_FAILURE,
              "cannot open connection \"" + ledger.session().connection() + "\"",
              "this is the gateway's side; ask its operator to check the connection"));
    }
  }

  private void relay(
      ChannelHandlerContext ctx,
      UpstreamTarget target,
      UpstreamSession upstream,
      Decision.Allow allow) {
    Channel agent = ctx.channel();
    if (state != State.CONNECTING || !agent.isActive()) {
      upstream.parameterStatus().forEach(ByteBuf::release);
      upstream.channel().close();
      return;
    }
    for (ByteBuf status : upstream.parameterStatus()) {
      Optional<String> problem = ReadableSettings.problem(status);
      if (problem.isPresent()) {
        upstream.parameterStatus().forEach(ByteBuf::release);
        upstream.channel().close();
        log.warn("session {}: upstream setting refused: {}", ledger.session().id(), problem.get());
        refuse(
            ctx,
            "unreadable setting",
            ErrorResponse.fatal(
                SqlState.FEATURE_NOT_SUPPORTED,
                "connection \"" + target.connection() + "\" cannot be served: " + problem.get(),
                "the gateway's operator must change the database's or role's default"));
        return;
      }
    }
    CancelKeys.LocalCancel localCancel = new CancelKeys.LocalCancel();
    CancelKeys.Key key =
        services
            .cancelKeys()
            .mint(
                new CancelKeys.Upstream(
                    target, upstream.processId(), upstream.secretKey(), localCancel));
    state = State.RELAYING;
    handshakeDeadline.cancel(false);
    ctx.write(BackendMessages.authenticationOk(ctx.alloc()));
    upstream.parameterStatus().forEach(ctx::write);
    ctx.write(BackendMessages.backendKeyData(ctx.alloc(), key.processId(), key.secretKey()));
    ctx.writeAndFlush(BackendMessages.readyForQuery(ctx.alloc(), upstream.transactionStatus()));

    Relay relay =
        new Relay(
            agent,
            upstream.channel(),
            services,
            ledger,
            allow,
            1,
            new SqlSession(
                services.classifier(),
                services.parser(),
                new SearchPath(upstream.searchSchemas(), upstream.role()),
                target.catalogReads(),
                services.masking().get(target.connection())),
            services.masking().get(target.connection()),
            () -> cancelUpstream(agent, target, upstream),
            () -> services.cancelKeys().release(key));
    var idle = services.listener().idleTimeout();
    ctx.pipeline().get(FrontendDecoder.class).sessionEstablished();
    AgentSide agentSide = new AgentSide(relay, idle);
    localCancel.set(agentSide::cancelled);
    ctx.pipeline().replace(this, "relay", agentSide);
    if (!idle.isZero()) {
      agent
          .pipeline()
          .addBefore(
              "relay", "idle", new IdleStateHandler(0, 0, idle.toMillis(), TimeUnit.MILLISECONDS));
    }
    upstream.channel().pipeline().get(BackendDecoder.class).emitRowRuns();
    upstream.channel().pipeline().addLast("relay", new UpstreamSide(relay));
    services.metrics().sessionEstablished();
    log.debug(
        "session {}: agent {} relaying to {}",
        ledger.session().id(),
        ledger.session().identity().agent(),
        target.connection());
    if (!upstream.channel().isActive()) {
      relay.end(
          "upstream lost",
          ErrorResponse.fatal(
              SqlState.CONNECTION_FAILURE,
              "the upstream of connection \"" + target.connection() + "\" closed the session",
              "connect again"));
      return;
    }
    upstream.channel().config().setAutoRead(true);
    agent.config().setAutoRead(true);
  }

  /** Cancels what the upstream session runs (a statement stopped at its row limit). */
  private void cancelUpstream(Channel agent, UpstreamTarget target, UpstreamSession upstream) {
    services
        .connector()
        .cancel(agent.eventLoop(), target, upstream.processId(), upstream.secretKey())
        .whenComplete(
            (ok, failure) -> {
              if (failure != null) {
                log.warn(
                    "session {}: cancel at the row limit not delivered: {}",
                    ledger.session().id(),
                    failure.getMessage());
              }
            });
  }

  /**
   * Runs {@code step} on the session's event loop; whatever it throws ends the session the way an
   * exception in the pipeline would.
   */
  private void onLoop(ChannelHandlerContext ctx, Runnable step) {
    ctx.executor()
        .execute(
            () -> {
              try {
                step.run();
              } catch (RuntimeException e) {
                exceptionCaught(ctx, e);
              }
            });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (handshakeDeadline != null) {
      handshakeDeadline.cancel(false);
    }
    if (state != State.RELAYING) {
      state = State.ENDED;
      ledger.ended("closed before the session was ready");
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    SessionErrors.handle(
        ledger, services.metrics(), cause, (reason, error) -> refuse(ctx, reason, error));
  }

  /** Sends a FATAL error (when there is one) and closes; counts the refusal. */
  private void refuse(ChannelHandlerContext ctx, String reason, ErrorResponse error) {
    if (state == State.ENDED || state == State.RELAYING) {
      return;
    }
    state = State.ENDED;
    services.metrics().sessionRefused();
    ledger.ended(reason);
    Farewell.say(ctx.channel(), error);
  }

  private static PgProtocolException refusal(SqlState state, String message, String hint) {
    return new PgProtocolException(ErrorResponse.fatal(state, message, hint));
  }

  private static boolean isTls(ChannelHandlerContext ctx) {
    return ctx.pipeline().get(SslHandler.class) != null;
  }

  private static InetSocketAddress clientAddress(ChannelHandlerContext ctx) {
    return ctx.channel().remoteAddress() instanceof InetSocketAddress address
        ? address
        : new InetSocketAddress(0);
  }
}
