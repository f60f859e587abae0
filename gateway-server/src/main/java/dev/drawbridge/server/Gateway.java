package dev.drawbridge.server;

import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.audit.query.DatabaseRecordSource;
import dev.drawbridge.audit.query.JournalRecordSource;
import dev.drawbridge.audit.query.RecordSource;
import dev.drawbridge.audit.query.ReviewEvidence;
import dev.drawbridge.audit.store.AuditDatabase;
import dev.drawbridge.audit.store.Shipper;
import dev.drawbridge.config.AuditConfig;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.core.identity.MeteredAuthenticator;
import dev.drawbridge.core.identity.TokenAuthenticator;
import dev.drawbridge.core.ports.Authenticator;
import dev.drawbridge.core.ports.ProtocolListener;
import dev.drawbridge.core.runtime.EventLoops;
import dev.drawbridge.core.runtime.GatewayMetrics;
import dev.drawbridge.core.runtime.GatewayRuntimeException;
import dev.drawbridge.core.runtime.ListenerMetrics;
import dev.drawbridge.core.runtime.ListenerSupervisor;
import dev.drawbridge.core.runtime.NettyListener;
import dev.drawbridge.core.runtime.Transport;
import dev.drawbridge.core.secrets.ConfiguredSecretResolver;
import dev.drawbridge.policy.GrantAuthorizer;
import dev.drawbridge.policy.approval.ApprovalDesk;
import dev.drawbridge.policy.approval.ApprovalEvents;
import dev.drawbridge.policy.approval.GrantDesk;
import dev.drawbridge.policy.approval.JitApprovals;
import dev.drawbridge.policy.approval.MemoryPolicyStore;
import dev.drawbridge.policy.approval.PolicyDatabase;
import dev.drawbridge.policy.approval.PolicyStore;
import dev.drawbridge.policy.approval.PostgresPolicyStore;
import dev.drawbridge.policy.approval.RunTimeGrants;
import dev.drawbridge.policy.approval.notify.WebhookNotifier;
import dev.drawbridge.policy.review.ReviewStore;
import dev.drawbridge.server.admin.AdminRoutes;
import dev.drawbridge.server.admin.AdminServer;
import dev.drawbridge.server.admin.ListenersReady;
import dev.drawbridge.server.admin.ReadinessCheck;
import dev.drawbridge.server.admin.StoreProbe;
import dev.drawbridge.server.admin.api.AdminApi;
import dev.drawbridge.server.review.AccessReviews;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: event loops, the agent-facing listeners, the admin listener and everything
 * they share. {@link #close()} shuts it down gracefully: readiness fails first, listeners stop
 * accepting, sessions drain until the configured deadline, then everything is released.
 */
public final class Gateway implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Gateway.class);
  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

  private final DrawbridgeConfig config;
  private final EventLoops loops;
  private final EventLoops adminLoops;
  private final GatewayMetrics metrics;
  private final ExecutorService blockingWork;
  private final TokenAuthenticator tokens;
  private final Authenticator authenticator;
  private final ListenerSupervisor supervisor;
  private final Map<String, InetSocketAddress> bound;
  private final Journal journal;
  private final AuditDatabase auditDatabase;
  private final Shipper shipper;
  private final StoreProbe storeProbe;
  private final NettyListener admin;
  private final ScheduledExecutorService approvalTimer;
  private final RunTimeGrants runTimeGrants;
  private final PolicyStore policyStore;
  private final JitApprovals approvals;
  private final AccessReviews reviews;
  private final WebhookNotifier notifier;
  private boolean closed;

  private Gateway(DrawbridgeConfig config, Clock clock) throws InterruptedException {
    this.config = config;
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      this.loops =
          track(
              opened,
              EventLoops.create("drawbridge", Transport.best(), config.gateway().eventLoops()));
      this.adminLoops = track(opened, EventLoops.create("drawbridge-admin", loops.transport(), 1));
      this.metrics = track(opened, GatewayMetrics.create(config.gateway().name(), loops));
      this.blockingWork =
          Executors.newThreadPerTaskExecutor(
              Thread.ofVirtual().name("drawbridge-blocking-", 0).factory());
      opened.add(blockingWork::shutdownNow);
      this.tokens = track(opened, tokenAuthenticator(config, clock, blockingWork));
      this.authenticator = new MeteredAuthenticator(tokens, metrics.registry());
      metrics.bind(new GatewayInfoMetrics(config, BuildVersion.version(), clock));
      this.journal = track(opened, openJournal(config.audit()));
      log.info("audit journal {}: {}", journal.dir(), journal.recovery().describe());
      JournalAuditSink audit =
          JournalAuditSink.start(
              journal,
              config.audit().onFailure(),
              clock,
              metrics.registry(),
              config.gateway().name(),
              BuildVersion.version());
      this.auditDatabase = config.store().postgresStore().map(AuditDatabase::open).orElse(null);
      if (auditDatabase != null) {
        opened.add(auditDatabase);
      }
      this.shipper =
          auditDatabase == null
              ? null
              : track(opened, Shipper.start(journal, auditDatabase, metrics.registry(), clock));
      GrantAuthorizer authorizer = GrantAuthorizer.from(config.grants(), clock);
      this.policyStore = track(opened, openPolicyStore(config));
      this.runTimeGrants =
          new RunTimeGrants(
              config.grants(),
              authorizer,
              policyStore,
              audit,
              clock,
              config.connections().stream()
                  .map(c -> c.name())
                  .collect(java.util.stream.Collectors.toSet()),
              config.approvals().maxGrant());
      this.approvalTimer =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().name("drawbridge-approvals").daemon().factory());
      opened.add(approvalTimer::shutdownNow);
      this.notifier =
          config.approvals().webhooks().isEmpty()
              ? null
              : track(
                  opened,
                  new WebhookNotifier(
                      config.approvals().webhooks(), config.gateway().name(), metrics.registry()));
      this.approvals =
          new JitApprovals(
              config.approvals(),
              policyStore,
              runTimeGrants,
              approvalTimer,
              blockingWork,
              clock,
              notifier == null ? ApprovalEvents.NONE : notifier);
      opened.add(approvals::close);
      this.reviews = accessReviews(audit, clock);
      List<ProtocolListener> listeners =
          ProtocolListeners.create(
              config,
              loops,
              new ProtocolListeners.Services(
                  authenticator,
                  authorizer,
                  new ConfiguredSecretResolver(config.connections()),
                  audit,
                  metrics.registry(),
                  clock,
                  approvals));
      this.supervisor = track(opened, new ListenerSupervisor(listeners));
      metrics.bind(new ListenerMetrics(listeners));
      this.bound = supervisor.start(BIND_TIMEOUT);
      this.storeProbe =
          config
              .store()
              .postgresStore()
              .map(s -> StoreProbe.start(s, Duration.ofSeconds(5)))
              .orElse(null);
      if (storeProbe != null) {
        opened.add(storeProbe);
      }
      this.admin = config.adminListener().map(a -> startAdmin(a.bind())).orElse(null);
    } catch (RuntimeException | InterruptedException e) {
      closeQuietly(opened);
      throw e;
    }
  }

  private static Journal openJournal(AuditConfig audit) {
    try {
      return Journal.open(
          new Journal.Options(
              audit.journal(),
              audit.segmentSize().bytes(),
              audit.maxSize().bytes(),
              audit.fsyncInterval(),
              2 * Runtime.getRuntime().availableProcessors() + 2));
    } catch (java.io.IOException e) {
      throw new GatewayRuntimeException(
          "cannot open the audit journal " + audit.journal() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Approvals and run-time grants: in schema {@code policy} of {@code store.postgres}, shared by
   * every replica, or in memory on this gateway alone.
   */
  private static PolicyStore openPolicyStore(DrawbridgeConfig config) {
    if (config.store().postgresStore().isEmpty()) {
      return new MemoryPolicyStore();
    }
    return new PostgresPolicyStore(PolicyDatabase.open(config.store().postgresStore().get()));
  }

  /**
   * Access reviews: campaigns in schema {@code policy} and evidence from schema {@code audit}, both
   * in {@code store.postgres}; none without it (the admin API then says so).
   */
  private AccessReviews accessReviews(JournalAuditSink audit, Clock clock) {
    if (!(policyStore instanceof PostgresPolicyStore postgres) || auditDatabase == null) {
      return null;
    }
    try {
      return new AccessReviews(
          runTimeGrants,
          new ReviewStore(postgres.database()),
          new ReviewEvidence(auditDatabase.dataSource()),
          audit,
          clock);
    } catch (java.sql.SQLException e) {
      log.warn("access reviews are not available: {}", e.getMessage());
      return null;
    }
  }

  private static TokenAuthenticator tokenAuthenticator(
      DrawbridgeConfig config, Clock clock, ExecutorService blockingWork) {
    try {
      return TokenAuthenticator.create(config.identity(), clock, blockingWork);
    } catch (IllegalArgumentException e) {
      throw new GatewayRuntimeException(e.getMessage(), e);
    }
  }

  /** Starts a gateway for {@code config}; every port is bound when this returns. */
  public static Gateway start(DrawbridgeConfig config, Clock clock) throws InterruptedException {
    return new Gateway(config, clock);
  }

  private NettyListener startAdmin(dev.drawbridge.config.BindAddress bind) {
    List<ReadinessCheck> checks = new ArrayList<>();
    checks.add(new ListenersReady(supervisor));
    if (storeProbe != null) {
      checks.add(storeProbe);
    }
    AdminApi api =
        new AdminApi(tokens, approvals, runTimeGrants, auditTrail(), reviews, blockingWork);
    NettyListener listener =
        AdminServer.listener(bind, adminLoops, new AdminRoutes(metrics, checks, api));
    try {
      listener.start().toCompletableFuture().join();
    } catch (CompletionException e) {
      listener.close();
      throw e.getCause() instanceof GatewayRuntimeException g ? g : e;
    }
    return listener;
  }

  /**
   * Where the admin API reads sessions and events: the audit database, else the journal; none when
   * the store's settings cannot be used (the API then says so).
   */
  private RecordSource auditTrail() {
    if (auditDatabase == null) {
      return new JournalRecordSource(journal.dir());
    }
    try {
      return new DatabaseRecordSource(auditDatabase.dataSource());
    } catch (java.sql.SQLException e) {
      log.warn("admin API: the audit trail is not served: {}", e.getMessage());
      return null;
    }
  }

  /** The addresses the agent-facing listeners are bound to, by listener name. */
  public Map<String, InetSocketAddress> listenerAddresses() {
    return bound;
  }

  /** The admin listener's address, when one is configured. */
  public Optional<InetSocketAddress> adminAddress() {
    return Optional.ofNullable(admin).map(NettyListener::boundAddress);
  }

  /** The authenticator protocol listeners use: every attempt is counted and timed. */
  public Authenticator authenticator() {
    return authenticator;
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  /** Where approvers see and decide the statements waiting for them. */
  public ApprovalDesk approvals() {
    return approvals;
  }

  /** Access reviews, when the gateway has {@code store.postgres}. */
  public Optional<AccessReviews> reviews() {
    return Optional.ofNullable(reviews);
  }

  /** The grants in force: the file's, and those made at run time. */
  public GrantDesk grants() {
    return runTimeGrants;
  }

  /**
   * Graceful shutdown. Every resource is released even when an earlier step fails; a failure is
   * reported (as a {@link GatewayRuntimeException}) only after everything was released.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Duration deadline = config.gateway().shutdownTimeout();
    log.info("shutting down: draining sessions for up to {}", deadline);
    List<String> failed = new ArrayList<>();
    release(
        failed,
        "listeners",
        () -> {
          int forced = supervisor.shutdown(deadline);
          if (forced > 0) {
            log.warn("closed {} session(s) still open at the shutdown deadline", forced);
          }
        });
    if (admin != null) {
      release(failed, "admin listener", admin::close);
    }
    if (storeProbe != null) {
      release(failed, "store probe", storeProbe::close);
    }
    release(failed, "approvals", approvals::close);
    release(failed, "approval timer", approvalTimer::shutdownNow);
    if (notifier != null) {
      release(failed, "approval notifications", notifier::close);
    }
    release(failed, "policy store", policyStore::close);
    if (shipper != null) {
      release(failed, "audit shipper", shipper::close);
    }
    release(failed, "audit journal", journal::close);
    if (auditDatabase != null) {
      release(failed, "audit database", auditDatabase::close);
    }
    release(failed, "authenticator", tokens::close);
    release(failed, "blocking executor", blockingWork::shutdownNow);
    release(failed, "event loops", () -> loops.shutdown(Duration.ofSeconds(5)));
    release(failed, "admin event loops", () -> adminLoops.shutdown(Duration.ofSeconds(5)));
    release(failed, "metrics", metrics::close);
    if (!failed.isEmpty()) {
      throw new GatewayRuntimeException("shutdown failed to release: " + String.join(", ", failed));
    }
    log.info("shutdown complete");
  }

  private static void release(List<String> failed, String what, AutoCloseable step) {
    try {
      step.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed.add(what);
    } catch (Exception e) {
      log.error("shutdown: releasing {} failed: {}", what, e.toString());
      failed.add(what);
    }
  }

  private static <T extends AutoCloseable> T track(List<AutoCloseable> opened, T resource) {
    opened.add(resource);
    return resource;
  }

  private static void closeQuietly(List<AutoCloseable> opened) {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        log.debug("closing after a failed start: {}", e.toString());
      }
    }
  }
}
