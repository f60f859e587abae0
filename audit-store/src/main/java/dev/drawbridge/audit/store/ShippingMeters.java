package dev.drawbridge.audit.store;

import dev.drawbridge.audit.journal.Journal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The shipper's meters: the journal's size and backlog, the shipping lag, events and failures. */
final class ShippingMeters implements MeterBinder {

  static final String JOURNAL_BYTES = "drawbridge.audit.journal.bytes";
  static final String QUEUE_DEPTH = "drawbridge.audit.queue.depth";
  static final String LAG = "drawbridge.audit.shipping.lag";
  static final String SHIPPED = "drawbridge.audit.events.shipped";
  static final String FAILURES = "drawbridge.audit.shipping.failures";
  static final String REJECTED = "drawbridge.audit.events.rejected";

  private final Journal journal;
  private final ShippingLag lag;
  private final Clock clock;
  private final List<Meter> meters = new ArrayList<>();
  private MeterRegistry registry;
  private Counter shipped;
  private Counter failures;
  private Counter rejected;

  ShippingMeters(Journal journal, ShippingLag lag, Clock clock) {
    this.journal = journal;
    this.lag = lag;
    this.clock = clock;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
    meters.add(
        Gauge.builder(JOURNAL_BYTES, journal, Journal::retainedBytes)
            .description("Bytes of audit journal segments kept on disk")
            .baseUnit(BaseUnits.BYTES)
            .strongReference(true)
            .register(registry));
    meters.add(
        Gauge.builder(QUEUE_DEPTH, journal, Journal::pendingBytes)
            .description("Bytes of audit records in the journal not yet shipped to PostgreSQL")
            .strongReference(true)
            .register(registry));
    meters.add(
        Gauge.builder(LAG, lag, l -> l.behind(clock.instant()).toNanos() / 1e9)
            .description("How long the oldest audit record not yet shipped has waited")
            .baseUnit("seconds")
            .strongReference(true)
            .register(registry));
    shipped =
        Counter.builder(SHIPPED)
            .description("Audit events inserted into PostgreSQL")
            .register(registry);
    failures =
        Counter.builder(FAILURES)
            .description("Attempts to ship audit events that failed and will be retried")
            .register(registry);
    rejected =
        Counter.builder(REJECTED)
            .description("Audit events the database refused for what they hold, kept aside")
            .register(registry);
    meters.add(shipped);
    meters.add(failures);
    meters.add(rejected);
  }

  void rejected() {
    if (rejected != null) {
      rejected.increment();
    }
  }

  void shipped(int events) {
    shipped.increment(events);
  }

  void failed() {
    failures.increment();
  }

  /** Removes the meters from the registry they were bound to. */
  void unbind() {
    if (registry != null) {
      meters.forEach(registry::remove);
      meters.clear();
    }
  }
}
