package dev.drawbridge.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.testing.TestPostgres;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A result far larger than memory should hold streams through with bounded buffering: while the
 * agent does not read, the gateway stops reading the upstream instead of queueing the result.
 */
@ExtendWith(TestPostgres.class)
class BackpressureIT {

  /** About 220 MB of DataRows. */
  private static final int ROWS = 1_000_000;

  /** What the gateway may hold while the agent is not reading: a fraction of the result. */
  private static final long BOUND_BYTES = 64L * 1024 * 1024;

  @TempDir static Path dir;
  static PgGateway gateway;

  @BeforeAll
  static void start(TestPostgres.Server pg) throws Exception {
    gateway = PgGateway.start(pg, dir, "bind: \"127.0.0.1:0\"\nallowPlaintext: true");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void aHugeResultDoesNotPileUpInTheGatewayWhileTheAgentIsNotReading() throws Exception {
    try (WireClient client = WireClient.connect(gateway.port(), Duration.ofSeconds(60))) {
      client.login("it-bot", "scram-db", gateway.token("it-bot"));
      long before = bufferedBytes();
      ByteArrayOutputStream query = new ByteArrayOutputStream();
      query.writeBytes(
          ("select g, repeat('x', 200) from generate_series(1, " + ROWS + ") g")
              .getBytes(StandardCharsets.UTF_8));
      query.write(0);
      client.send(WireClient.message('Q', query.toByteArray()));

      long peak = 0;
      for (int i = 0; i < 30; i++) {
        Thread.sleep(100);
        peak = Math.max(peak, bufferedBytes() - before);
      }
      assertThat(peak).isLessThan(BOUND_BYTES);

      long rows = 0;
      WireClient.Message message;
      while ((message = client.read()).type() != 'Z') {
        if (message.type() == 'D') {
          rows++;
        }
        assertThat(message.type()).isNotEqualTo('E');
      }
      assertThat(rows).isEqualTo(ROWS);
    }
  }

  /** Memory Netty's buffers hold now, direct and heap. */
  private static long bufferedBytes() {
    long used = PlatformDependent.usedDirectMemory();
    if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
      used = Math.max(used, 0) + provider.metric().usedHeapMemory();
      used = Math.max(used, provider.metric().usedDirectMemory());
    }
    return used;
  }
}
