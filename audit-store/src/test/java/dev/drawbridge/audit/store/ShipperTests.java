package dev.drawbridge.audit.store;

import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.config.AuditFailurePolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** What the shipper's integration tests share: a journal, a sink on it, pacing, waiting. */
final class ShipperTests {

  /** The longest a test waits for the shipper. */
  static final Duration WAIT = Duration.ofSeconds(20);

  private ShipperTests() {}

  static Journal journal(Path dir, long segmentSize, int lanes) throws Exception {
    return Journal.open(
        new Journal.Options(dir, segmentSize, 64L << 20, Duration.ofMillis(20), lanes));
  }

  static JournalAuditSink sink(Journal journal, MeterRegistry registry) {
    return JournalAuditSink.start(
        journal, AuditFailurePolicy.FAIL_CLOSED, Clock.systemUTC(), registry, "gw-test", "1");
  }

  /** The default pacing, with batches of at most {@code records}. */
  static Shipper.Options batchesOf(int records) {
    Shipper.Options d = Shipper.Options.DEFAULTS;
    return new Shipper.Options(
        records, d.batchBytes(), d.passInterval(), d.firstRetry(), d.maxRetry(), d.closeDeadline());
  }

  /** The default pacing, passes over the journal starting only every {@code passInterval}. */
  static Shipper.Options passesEvery(Duration passInterval) {
    Shipper.Options d = Shipper.Options.DEFAULTS;
    return new Shipper.Options(
        d.batchRecords(),
        d.batchBytes(),
        passInterval,
        d.firstRetry(),
        d.maxRetry(),
        d.closeDeadline());
  }

  /** Shipper threads still running. */
  static long shipperThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("drawbridge-audit-shipper") && t.isAlive())
        .count();
  }

  /** Whether {@code check} holds within {@link #WAIT}. */
  static boolean eventually(Check check) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (check.holds()) {
        return true;
      }
      Thread.sleep(50);
    }
    return check.holds();
  }

  /** A condition a test waits for. */
  @FunctionalInterface
  interface Check {
    boolean holds() throws Exception;
  }
}
