package dev.drawbridge.postgres.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The PostgreSQL listener's meters, all under {@code drawbridge.pg}. Sessions add their byte and
 * message counts once per read batch, not per message.
 */
public final class PgMetrics {

  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  private final Counter held;
  private final Counter established;
  private final Counter refused;
  private final Counter bytesFromAgent;
  private final Counter bytesToAgent;
  private final Counter messagesFromAgent;
  private final Counter messagesToAgent;
  private final Map<String, Counter> errors;

  public PgMetrics(MeterRegistry registry) {
    this.errors =
        Stream.of(
                "protocol",
                "authentication",
                "authorization",
                "upstream",
                "denied",
                "timeout",
                "row-limit",
                "masking",
                "audit")
            .collect(
                Collectors.toUnmodifiableMap(
                    kind -> kind,
                    kind ->
                        Counter.builder("drawbridge.pg.errors")
                            .description(
                                "Errors the gateway reported to PostgreSQL agents, by kind")
                            .tag("kind", kind)
                            .register(registry)));
    Gauge.builder("drawbridge.pg.sessions.open", open, AtomicInteger::get)
        .description("PostgreSQL sessions relaying to an upstream now")
        .baseUnit("sessions")
        .register(registry);
    Gauge.builder("drawbridge.pg.approvals.waiting", waiting, AtomicInteger::get)
        .description("Statements waiting for an approval now")
        .baseUnit("statements")
        .register(registry);
    held =
        Counter.builder("drawbridge.pg.approvals.held")
            .description("Statements a review rule held for an approval")
            .baseUnit("statements")
            .register(registry);
    established = sessions(registry, "established");
    refused = sessions(registry, "refused");
    bytesFromAgent = bytes(registry, "from_agent");
    bytesToAgent = bytes(registry, "to_agent");
    messagesFromAgent = messages(registry, "from_agent");
    messagesToAgent = messages(registry, "to_agent");
  }

  void sessionEstablished() {
    established.increment();
    open.incrementAndGet();
  }

  void sessionClosed() {
    open.decrementAndGet();
  }

  /** A statement started waiting for an approval. */
  void held() {
    held.increment();
    waiting.incrementAndGet();
  }

  /** A statement stopped waiting (a verdict, or its session ended). */
  void released() {
    waiting.decrementAndGet();
  }

  void sessionRefused() {
    refused.increment();
  }

  void fromAgent(long bytes, long messages) {
    bytesFromAgent.increment(bytes);
    messagesFromAgent.increment(messages);
  }

  void toAgent(long bytes, long messages) {
    bytesToAgent.increment(bytes);
    messagesToAgent.increment(messages);
  }

  /**
   * Counts an error of one kind: {@code protocol}, {@code authentication}, {@code authorization},
   * {@code upstream}, {@code denied}, {@code timeout}.
   */
  void error(String kind) {
    Counter counter = errors.get(kind);
    if (counter == null) {
      throw new IllegalArgumentException("unknown error kind " + kind);
    }
    counter.increment();
  }

  private static Counter sessions(MeterRegistry registry, String outcome) {
    return Counter.builder("drawbridge.pg.sessions")
        .description("PostgreSQL sessions by how their startup ended")
        .tag("outcome", outcome)
        .register(registry);
  }

  private static Counter bytes(MeterRegistry registry, String direction) {
    return Counter.builder("drawbridge.pg.bytes")
        .description("Protocol bytes relayed, by direction")
        .baseUnit("bytes")
        .tag("direction", direction)
        .register(registry);
  }

  private static Counter messages(MeterRegistry registry, String direction) {
    return Counter.builder("drawbridge.pg.messages")
        .description("Protocol messages relayed, by direction")
        .tag("direction", direction)
        .register(registry);
  }
}
