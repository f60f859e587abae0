package dev.drawbridge.postgres.masking;

import dev.drawbridge.core.masking.MaskingPolicy;
import dev.drawbridge.core.ports.SecretResolver;
import dev.drawbridge.postgres.upstream.UpstreamConnector;
import dev.drawbridge.postgres.upstream.UpstreamSession;
import dev.drawbridge.postgres.upstream.UpstreamTarget;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's masking: its compiled rules and the latest {@link CatalogSnapshot} of its
 * upstream, read on a session of the gateway's own and shared by every agent session.
 *
 * <p>The first session waits for the first reading; later ones use the latest snapshot at once, and
 * a snapshot older than {@code maxAge}, or one a session made stale (its DDL ran), is read again in
 * the background. A connection whose rules name no columns never reads the catalog. Thread-safe.
 */
public final class MaskingCatalog {

  private static final Logger log = LoggerFactory.getLogger(MaskingCatalog.class);

  private final UpstreamTarget target;
  private final MaskingPolicy policy;
  private final UpstreamConnector connector;
  private final SecretResolver secrets;
  private final Clock clock;
  private final Duration maxAge;
  private final Predicate<String> runsCode;
  private CatalogSnapshot current;
  private CompletableFuture<CatalogSnapshot> reading;
  private boolean stale;

  /** A session made the snapshot stale while it was being read: read once more after it. */
  private EventLoop readAgainOn;

  public MaskingCatalog(
      UpstreamTarget target,
      MaskingPolicy policy,
      UpstreamConnector connector,
      SecretResolver secrets,
      Clock clock,
      Duration maxAge,
      Predicate<String> runsCode) {
    this.target = Objects.requireNonNull(target, "target");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.connector = Objects.requireNonNull(connector, "connector");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    this.runsCode = Objects.requireNonNull(runsCode, "runsCode");
    if (!policy.namesColumns()) {
      current = CatalogSnapshot.empty();
    }
  }

  public MaskingPolicy policy() {
    return policy;
  }

  /**
   * A snapshot for a session about to start: the latest one when there is one (reading a newer one
   * in the background when it is old or stale), else the first reading, on {@code loop}.
   */
  public synchronized CompletionStage<CatalogSnapshot> snapshot(EventLoop loop) {
    if (current != null) {
      if (stale || current.readAt().plus(maxAge).isBefore(clock.instant())) {
        read(loop);
      }
      return CompletableFuture.completedFuture(current);
    }
    return read(loop);
  }

  /** The latest snapshot; empty before the first reading. */
  public synchronized CatalogSnapshot current() {
    return current == null ? CatalogSnapshot.empty() : current;
  }

  /**
   * A session changed the database's structure: read the catalog again, now, on {@code loop}. Until
   * it is read, sessions use the snapshot they have.
   */
  public synchronized void stale(EventLoop loop) {
    if (!policy.namesColumns()) {
      return;
    }
    stale = true;
    if (reading != null) {
      readAgainOn = loop;
    } else {
      read(loop);
    }
  }

  private synchronized CompletionStage<CatalogSnapshot> read(EventLoop loop) {
    if (reading != null) {
      return reading;
    }
    stale = false;
    CompletableFuture<CatalogSnapshot> next = new CompletableFuture<>();
    reading = next;
    secrets
        .credentialFor(target.connection())
        .thenCompose(
            credential -> connector.openOwn(loop, target, credential, "drawbridge catalog"))
        .thenCompose(this::readOver)
        .whenComplete((snapshot, failure) -> finish(next, snapshot, failure));
    return next;
  }

  private CompletionStage<CatalogSnapshot> readOver(UpstreamSession session) {
    session.parameterStatus().forEach(ByteBuf::release);
    return CatalogReader.read(session.channel(), policy, runsCode, clock)
        .whenComplete((snapshot, failure) -> session.channel().close());
  }

  private void finish(
      CompletableFuture<CatalogSnapshot> next, CatalogSnapshot snapshot, Throwable failure) {
    synchronized (this) {
      reading = null;
      if (failure == null) {
        current = snapshot;
      }
      if (readAgainOn != null) {
        EventLoop loop = readAgainOn;
        readAgainOn = null;
        read(loop);
      }
    }
    if (failure == null) {
      log.debug(
          "connection {}: masking catalog read, {} relations with masked columns",
          target.connection(),
          snapshot.size());
      next.complete(snapshot);
    } else {
      log.warn(
          "connection {}: cannot read the masking catalog: {}",
          target.connection(),
          failure.getMessage());
      next.completeExceptionally(failure);
    }
  }
}
