package dev.drawbridge.server.admin.api;

import dev.drawbridge.config.AgentKeyConfig;
import dev.drawbridge.config.BindAddress;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.config.IssuerConfig;
import dev.drawbridge.config.Secret;
import dev.drawbridge.core.identity.TokenAuthenticator;
import dev.drawbridge.core.identity.TokenMinter;
import dev.drawbridge.core.runtime.EventLoops;
import dev.drawbridge.core.runtime.GatewayMetrics;
import dev.drawbridge.core.runtime.NettyListener;
import dev.drawbridge.core.runtime.Transport;
import dev.drawbridge.server.admin.AdminRoutes;
import dev.drawbridge.server.admin.AdminServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real admin listener on a loopback ephemeral port, with the admin API over {@link FakeDesks} and
 * a real token authenticator: the {@code drawbridge} HMAC issuer and one agent key.
 */
public final class AdminApiFixture implements AutoCloseable {

  public static final String SECRET = "admin-api-test-secret-0123456789abcdef0123";
  public static final String AGENT_KEY = "support-bot-key-0123456789abcdef0123456789abcdef";

  /** The admin event loop's thread names start with this. */
  public static final String LOOP_NAME = "admin-api-test";

  private final EventLoops loops;
  private final GatewayMetrics metrics;
  private final ExecutorService executor;
  private final TokenAuthenticator tokens;
  private final NettyListener listener;
  private final FakeDesks desks;
  private final IssuerConfig issuer;

  private AdminApiFixture(boolean withDesks) {
    this.loops = EventLoops.create(LOOP_NAME, Transport.NIO, 1);
    this.metrics = GatewayMetrics.create("test", loops);
    this.executor =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("desk-", 0).factory());
    this.issuer =
        new IssuerConfig("drawbridge", null, Secret.of(SECRET), null, null, null, null, null);
    AgentKeyConfig agentKey =
        new AgentKeyConfig("support-bot", sha256(AGENT_KEY), List.of("support"));
    this.tokens =
        TokenAuthenticator.create(
            new IdentityConfig(List.of(issuer), List.of(agentKey), null),
            Clock.systemUTC(),
            executor);
    this.desks = withDesks ? new FakeDesks() : null;
    AdminApi api = new AdminApi(tokens, desks, desks, executor);
    this.listener =
        AdminServer.listener(
            new BindAddress("127.0.0.1", 0), loops, new AdminRoutes(metrics, List.of(), api));
    listener.start().toCompletableFuture().join();
  }

  /** A listener whose admin API has both desks. */
  public static AdminApiFixture start() {
    return new AdminApiFixture(true);
  }

  /** A listener whose gateway has no desks: the API answers 503. */
  public static AdminApiFixture withoutDesks() {
    return new AdminApiFixture(false);
  }

  public URI base() {
    InetSocketAddress address = listener.boundAddress();
    return URI.create("http://127.0.0.1:" + address.getPort());
  }

  public FakeDesks desks() {
    return desks;
  }

  /** A valid token of the {@code drawbridge} issuer for {@code subject} with these roles. */
  public String token(String subject, String... roles) {
    return TokenMinter.forIssuer(issuer)
        .mint(subject, subject, List.of(), List.of(roles), Duration.ofHours(1));
  }

  /** A token that expired an hour ago. */
  public String expiredToken(String subject, String... roles) {
    Clock past = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
    return TokenMinter.forIssuer(issuer, past)
        .mint(subject, subject, List.of(), List.of(roles), Duration.ofHours(1));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    listener.close();
    tokens.close();
    executor.shutdownNow();
    metrics.close();
    loops.close();
  }
}
