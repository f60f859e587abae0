package dev.drawbridge.audit.bench;

import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.audit.store.AuditDatabase;
import dev.drawbridge.audit.store.Shipper;
import dev.drawbridge.config.AuditFailurePolicy;
import dev.drawbridge.config.PostgresStoreConfig;
import dev.drawbridge.config.Secret;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.model.Protocol;
import dev.drawbridge.core.model.Resource;
import dev.drawbridge.core.model.SessionId;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.core.model.TimeOrderedIds;
import dev.drawbridge.core.ports.AuditReceipt;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sustained audit throughput on this machine: threads record realistic statement events (an
 * operation and its result each) as fast as the journal takes them, while the shipper copies them
 * to PostgreSQL; prints the append rate and the end-to-end rate (appended until all is in the
 * database). Run by {@code bench/audit.sh}; not a test.
 *
 * <p>Arguments: JDBC URL, user, password, seconds, threads.
 */
public final class AuditThroughput {

  private AuditThroughput() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    String password = args[2];
    int seconds = Integer.parseInt(args[3]);
    int threads = Integer.parseInt(args[4]);
    Path dir = Files.createTempDirectory("audit-bench");
    Clock clock = Clock.systemUTC();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LongAdder events = new LongAdder();
    try (Journal journal =
            Journal.open(
                new Journal.Options(dir, 64L << 20, 8L << 30, Duration.ofMillis(100), threads));
        AuditDatabase database =
            AuditDatabase.open(new PostgresStoreConfig(url, user, Secret.of(password)))) {
      database.migrate();
      JournalAuditSink sink =
          JournalAuditSink.start(
              journal, AuditFailurePolicy.FAIL_CLOSED, clock, registry, "bench", "bench");
      long start = System.nanoTime();
      long until = start + Duration.ofSeconds(seconds).toNanos();
      try (Shipper shipper = Shipper.start(journal, database, registry, clock)) {
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          workers.add(Thread.ofPlatform().start(() -> record(sink, until, events)));
        }
        for (Thread worker : workers) {
          worker.join();
        }
        long appended = System.nanoTime() - start;
        boolean caughtUp = shipper.awaitCaughtUp(Duration.ofMinutes(10));
        long shipped = System.nanoTime() - start;
        double total = events.sum();
        System.out.printf(
            "audit events: %d in %d s from %d thread(s)%n"
                + "journal append: %.0f events/s%n"
                + "append to PostgreSQL (sustained): %.0f events/s%s%n",
            events.sum(),
            seconds,
            threads,
            total / (appended / 1e9),
            total / (shipped / 1e9),
            caughtUp ? "" : " (the shipper had not caught up after 10 minutes)");
      }
    }
  }

  private static void record(JournalAuditSink sink, long until, LongAdder events) {
    SessionInfo session =
        new SessionInfo(
            SessionId.next(),
            Protocol.POSTGRES,
            "bench",
            new Identity("bench-bot", "bench-bot", Set.of(), "drawbridge", AuthMethod.JWT, null),
            new InetSocketAddress("127.0.0.1", 40000),
            Instant.now());
    sink.record(new AuditEvent.SessionStart(TimeOrderedIds.next(), Instant.now(), session));
    long sequence = 1;
    while (System.nanoTime() < until) {
      Operation operation =
          new Operation(
              session,
              ++sequence,
              Action.READ,
              "SELECT",
              List.of(new Resource.Table("public", "pgbench_accounts", List.of("aid", "abalance"))),
              "SELECT abalance FROM pgbench_accounts WHERE aid = " + sequence + ";",
              System.nanoTime());
      AuditReceipt decided =
          sink.record(
              new AuditEvent.OperationDecided(
                  TimeOrderedIds.next(), Instant.now(), operation, new Decision.Allow("bench")));
      AuditReceipt result =
          sink.record(
              new AuditEvent.OperationResult(
                  TimeOrderedIds.next(),
                  Instant.now(),
                  session.id(),
                  sequence,
                  1,
                  Duration.ofNanos(40_000),
                  "00000"));
      if (!decided.mayProceed() || !result.mayProceed()) {
        throw new IllegalStateException("the journal refused: " + decided + " " + result);
      }
      events.add(2);
    }
  }
}
