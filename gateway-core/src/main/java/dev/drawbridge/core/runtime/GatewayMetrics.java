package dev.drawbridge.core.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's meter registry, in Prometheus format: JVM and process meters, Netty's event loops
 * and buffer pool, and the meters each module binds through {@link #bind(MeterBinder)}.
 */
public final class GatewayMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  private GatewayMetrics(String gatewayName) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags(List.of(Tag.of("gateway", gatewayName)));
  }

  /** A registry with JVM, process and Netty meters bound, tagged {@code gateway=<name>}. */
  public static GatewayMetrics create(String gatewayName, EventLoops loops) {
    GatewayMetrics metrics = new GatewayMetrics(gatewayName);
    JvmGcMetrics gc = new JvmGcMetrics();
    metrics.closeables.add(gc);
    metrics.bind(gc);
    metrics.bind(new JvmMemoryMetrics());
    metrics.bind(new JvmThreadMetrics());
    metrics.bind(new ClassLoaderMetrics());
    metrics.bind(new ProcessorMetrics());
    metrics.bind(new UptimeMetrics());
    metrics.bind(new FileDescriptorMetrics());
    metrics.bind(new NettyEventExecutorMetrics(loops.workers()));
    if (PooledByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
      metrics.bind(new NettyAllocatorMetrics(provider));
    }
    return metrics;
  }

  public GatewayMetrics bind(MeterBinder binder) {
    binder.bindTo(registry);
    return this;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Every meter in the Prometheus text exposition format. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // closing a meter binder only stops its listeners; nothing to report
      }
    }
    registry.close();
  }
}
