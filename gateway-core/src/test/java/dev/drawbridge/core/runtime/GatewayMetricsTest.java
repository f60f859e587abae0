package dev.drawbridge.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.BindAddress;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

  @Test
  void scrapeHasJvmNettyAndListenerMetersTaggedWithTheGatewayName() {
    try (EventLoops loops = EventLoops.create("metrics-test", Transport.best(), 1);
        GatewayMetrics metrics = GatewayMetrics.create("prod-eu-1", loops)) {
      NettyListener listener =
          new NettyListener(
              "postgres",
              new BindAddress("127.0.0.1", 0),
              loops,
              new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {}
              });
      metrics.bind(new ListenerMetrics(List.of(listener)));

      String text = metrics.scrape();

      assertThat(text)
          .contains("jvm_memory_used_bytes")
          .contains("netty_eventexecutor_tasks_pending")
          .contains("drawbridge_listener_sessions{gateway=\"prod-eu-1\",listener=\"postgres\"} 0");
    }
  }
}
