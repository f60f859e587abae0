package dev.drawbridge.audit.store;

import dev.drawbridge.audit.journal.Journal;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the journal's records into PostgreSQL, on one background platform thread of its own
 * ({@code drawbridge-audit-shipper}). Each pass takes the journal's pending segments oldest first,
 * reads their records in batches, writes each batch in one transaction and then advances the
 * journal's checkpoint, which trims the segments shipped to their end. A batch written again after
 * a crash between its commit and the checkpoint changes nothing: events are keyed by their ids.
 *
 * <p>When the database is away, attempts are retried with exponential backoff and the failure is
 * logged once; the records wait in the journal. A sealed segment that cannot be read to its end
 * (corrupt on disk) is shipped as far as it is whole and then skipped, with an error naming it; in
 * a segment still written, a frame not whole yet is simply not written yet.
 */
public final class Shipper implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Shipper.class);

  /**
   * How the shipper paces itself.
   *
   * @param batchRecords most records in one transaction
   * @param batchBytes most record bytes in one transaction (a batch ends at the record that reaches
   *     it)
   * @param passInterval the least time from the start of one pass over the pending segments to the
   *     start of the next: under load each pass finds many records, so that the database takes them
   *     in a few large transactions rather than many small ones; a pass that takes longer (a
   *     backlog) is followed at once
   * @param firstRetry the wait after a first failure, doubled after each next one
   * @param maxRetry the longest wait between attempts
   * @param closeDeadline how long {@link #close()} keeps shipping what is pending
   */
  public record Options(
      int batchRecords,
      long batchBytes,
      Duration passInterval,
      Duration firstRetry,
      Duration maxRetry,
      Duration closeDeadline) {

    public static final Options DEFAULTS =
        new Options(
            1000,
            4L << 20,
            Duration.ofMillis(100),
            Duration.ofMillis(100),
            Duration.ofSeconds(30),
            Duration.ofSeconds(5));

    public Options {
      Objects.requireNonNull(passInterval, "passInterval");
      Objects.requireNonNull(firstRetry, "firstRetry");
      Objects.requireNonNull(maxRetry, "maxRetry");
      Objects.requireNonNull(closeDeadline, "closeDeadline");
      if (batchRecords < 1 || batchBytes < 1) {
        throw new IllegalArgumentException("a batch holds at least one record");
      }
      if (passInterval.isNegative() || passInterval.isZero() || closeDeadline.isNegative()) {
        throw new IllegalArgumentException(
            "a positive pass interval, a close deadline not negative");
      }
    }
  }

  private final Journal journal;
  private final AuditDatabase database;
  private final Options options;
  private final SegmentReader reader;
  private final BatchWriter writer;
  private final ShippingLag lag = new ShippingLag();
  private final ShippingMeters meters;
  private final Backoff backoff;
  private final Outage outage;
  private final Object progress = new Object();
  private final Thread thread;
  private boolean migrated;
  private volatile boolean stopping;
  private volatile long stopBy;
  private boolean closed;

  private Shipper(
      Journal journal,
      AuditDatabase database,
      MeterRegistry registry,
      Clock clock,
      Options options) {
    this.journal = journal;
    this.database = database;
    this.options = options;
    this.reader = new SegmentReader(options.batchRecords(), options.batchBytes());
    this.meters = new ShippingMeters(journal, lag, clock);
    this.writer =
        new BatchWriter(
            database, new Partitions(clock), new RejectedRecords(journal.dir(), meters::rejected));
    this.backoff = new Backoff(options.firstRetry(), options.maxRetry());
    this.outage = new Outage(clock);
    this.thread =
        Thread.ofPlatform().name("drawbridge-audit-shipper").daemon(true).unstarted(this::run);
    meters.bindTo(registry);
  }

  /** Starts shipping {@code journal} to {@code database}, with the default pacing. */
  public static Shipper start(
      Journal journal, AuditDatabase database, MeterRegistry registry, Clock clock) {
    return start(journal, database, registry, clock, Options.DEFAULTS);
  }

  /** Starts shipping {@code journal} to {@code database}. */
  public static Shipper start(
      Journal journal,
      AuditDatabase database,
      MeterRegistry registry,
      Clock clock,
      Options options) {
    Shipper shipper = new Shipper(journal, database, registry, clock, options);
    shipper.thread.start();
    return shipper;
  }

  /**
   * Waits until every whole record in the journal is shipped, or {@code timeout} passes.
   *
   * @return whether nothing was pending when it returned
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (journal.pendingBytes() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(progress, left);
      }
    }
    return true;
  }

  /**
   * Ships what is pending, for up to the close deadline, and stops the thread. Records not shipped
   * by then stay in the journal for the next start.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopBy = System.nanoTime() + options.closeDeadline().toNanos();
    stopping = true;
    LockSupport.unpark(thread);
    try {
      if (!thread.join(options.closeDeadline().plusSeconds(1))) {
        thread.interrupt();
        thread.join(Duration.ofSeconds(2));
      }
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
    }
    meters.unbind();
    long left = journal.pendingBytes();
    if (left > 0) {
      log.warn(
          "audit shipping stopped with {} byte(s) of records not yet shipped; they stay in the"
              + " journal and are shipped after the next start",
          left);
    }
  }

  private void run() {
    while (!Thread.currentThread().isInterrupted() && !(stopping && pastDeadline())) {
      try {
        migrateOnce();
        long passStart = System.nanoTime();
        boolean shipped = shipPending();
        backoff.reset();
        outage.recovered();
        signal();
        if (!shipped) {
          if (stopping) {
            return;
          }
          writer.keepAhead();
        }
        if (!stopping) {
          pause(options.passInterval().minusNanos(System.nanoTime() - passStart));
        }
      } catch (SQLException | IOException | RuntimeException e) {
        if (stopping && pastDeadline()) {
          return;
        }
        meters.failed();
        writer.forget();
        outage.failed(e);
        pause(backoff.next());
      }
    }
  }

  /**
   * Brings the schema up to date before the first batch; a database away at start is migrated once
   * it answers, like any other failure retried with backoff.
   */
  private void migrateOnce() {
    if (!migrated) {
      int applied = database.migrate();
      migrated = true;
      if (applied > 0) {
        log.info("audit database: {} migration(s) applied to schema audit", applied);
      }
    }
  }

  /** One pass over the pending segments; returns whether anything was shipped or skipped. */
  private boolean shipPending() throws IOException, SQLException {
    List<Journal.Pending> pending = journal.pending();
    lag.retain(pending.stream().map(Journal.Pending::segment).toList());
    boolean moved = false;
    for (Journal.Pending segment : pending) {
      if (stopping && pastDeadline()) {
        break;
      }
      moved |= ship(segment);
    }
    return moved;
  }

  /** Ships one segment's pending records; returns whether its checkpoint moved. */
  private boolean ship(Journal.Pending pending) throws IOException, SQLException {
    SegmentReader.Outcome outcome =
        reader.read(
            pending,
            batch -> {
              lag.shipping(pending.segment(), batch.oldest());
              meters.shipped(writer.write(batch));
              // the database took a batch: shipping has resumed, said before anyone waiting for
              // the journal to drain is woken
              outage.recovered();
              lag.shipped(pending.segment());
              journal.shipped(pending.segment(), batch.end());
              signal();
            });
    long reached = outcome.end();
    if (outcome.torn() && pending.sealed()) {
      log.error(
          "audit journal: {} is corrupt at offset {}: the {} byte(s) after it cannot be read and"
              + " are not shipped",
          pending.path().getFileName(),
          outcome.end(),
          pending.to() - outcome.end());
      reached = pending.to();
    }
    if (reached > outcome.shipped()) {
      journal.shipped(pending.segment(), reached);
    }
    return reached > pending.from();
  }

  private boolean pastDeadline() {
    return System.nanoTime() - stopBy >= 0;
  }

  /**
   * Waits {@code wait}, never past the close deadline; a close asked for meanwhile ends the wait at
   * once, for a last pass.
   */
  private void pause(Duration wait) {
    boolean stoppingBefore = stopping;
    long until = System.nanoTime() + wait.toNanos();
    while (!Thread.currentThread().isInterrupted() && (stoppingBefore || !stopping)) {
      long left = until - System.nanoTime();
      if (stopping) {
        left = Math.min(left, stopBy - System.nanoTime());
      }
      if (left <= 0) {
        return;
      }
      LockSupport.parkNanos(this, left);
    }
  }

  private void signal() {
    synchronized (progress) {
      progress.notifyAll();
    }
  }
}
