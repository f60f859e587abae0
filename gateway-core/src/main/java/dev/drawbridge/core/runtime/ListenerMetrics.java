package dev.drawbridge.core.runtime;

import dev.drawbridge.core.ports.ProtocolListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;

/** {@code drawbridge.listener.sessions}: open sessions per listener. */
public final class ListenerMetrics implements MeterBinder {

  private final List<? extends ProtocolListener> listeners;

  public ListenerMetrics(List<? extends ProtocolListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (ProtocolListener listener : listeners) {
      Gauge.builder(CoreMeters.LISTENER_SESSIONS, listener, ProtocolListener::openSessions)
          .description("Sessions open on the listener")
          .tag("listener", listener.name())
          .baseUnit("sessions")
          .register(registry);
    }
  }
}
