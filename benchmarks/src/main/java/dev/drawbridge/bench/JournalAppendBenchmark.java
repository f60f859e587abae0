package dev.drawbridge.bench;

import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.audit.journal.JournalUnavailableException;
import dev.drawbridge.config.AuditFailurePolicy;
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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recording what a statement makes the gateway record, on the event loop's side: the {@code
 * operation} event (an allowed pgbench {@code SELECT}) and its {@code operation.result}, each
 * canonically encoded, hash-chained and written to the journal, as {@link JournalAuditSink} does;
 * and a bare {@link Journal#append} of a 520-byte record. The journal syncs every 100 ms (group
 * commit) on its own thread; nothing ships, so the iterations mark what was written as shipped to
 * keep the directory small.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class JournalAppendBenchmark {

  private Path dir;
  private Journal journal;
  private JournalAuditSink sink;
  private SessionInfo session;
  private List<Resource> resources;
  private byte[] record;
  private long sequence = 1;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("drawbridge-jmh-journal");
    journal =
        Journal.open(new Journal.Options(dir, 64L << 20, 8L << 30, Duration.ofMillis(100), 1));
    sink =
        JournalAuditSink.start(
            journal,
            AuditFailurePolicy.FAIL_CLOSED,
            Clock.systemUTC(),
            new SimpleMeterRegistry(),
            "bench",
            "bench");
    session =
        new SessionInfo(
            SessionId.next(),
            Protocol.POSTGRES,
            "bench",
            new Identity("bench-bot", "bench-bot", Set.of(), "drawbridge", AuthMethod.JWT, null),
            new InetSocketAddress("127.0.0.1", 40_000),
            Instant.now());
    sink.record(new AuditEvent.SessionStart(TimeOrderedIds.next(), Instant.now(), session));
    resources =
        List.of(new Resource.Table("public", "pgbench_accounts", List.of("aid", "abalance")));
    record = "x".repeat(520).getBytes(StandardCharsets.US_ASCII);
  }

  /** Everything written so far counts as shipped: sealed segments are removed. */
  @TearDown(Level.Iteration)
  public void ship() throws IOException {
    for (Journal.Pending pending : journal.pending()) {
      journal.shipped(pending.segment(), pending.to());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    journal.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @Benchmark
  public AuditReceipt operationEvent() {
    long seq = ++sequence;
    Operation operation =
        new Operation(
            session,
            seq,
            Action.READ,
            "SELECT",
            resources,
            "SELECT abalance FROM pgbench_accounts WHERE aid = " + (seq % 1_000_000) + ";",
            System.nanoTime());
    return sink.record(
        new AuditEvent.OperationDecided(
            TimeOrderedIds.next(),
            Instant.now(),
            operation,
            new Decision.Allow("bench-bot-bench")));
  }

  @Benchmark
  public AuditReceipt resultEvent() {
    return sink.record(
        new AuditEvent.OperationResult(
            TimeOrderedIds.next(),
            Instant.now(),
            session.id(),
            ++sequence,
            1,
            Duration.ofNanos(40_000),
            "00000"));
  }

  @Benchmark
  public Journal journalAppend() throws JournalUnavailableException {
    journal.append(record);
    return journal;
  }
}
