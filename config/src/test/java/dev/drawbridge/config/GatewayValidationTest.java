package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway process's own keys: how many event loops run sessions. */
class GatewayValidationTest {

  @TempDir Path dir;
  Fixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new Fixture(dir);
  }

  @Test
  void eventLoopsDefaultToOnePerProcessor() throws ConfigException {
    GatewayConfig gateway = fixture.load("gateway: { name: eu-1 }\n").config().gateway();

    assertThat(gateway.ioThreads()).isNull();
    assertThat(gateway.eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void ioThreadsSetsThem() throws ConfigException {
    GatewayConfig gateway = fixture.load("gateway: { ioThreads: 3 }\n").config().gateway();

    assertThat(gateway.eventLoops()).isEqualTo(3);
  }

  @Test
  void outOfRangeOrNotANumberIsAnErrorAtItsPath() {
    assertThat(fixture.errors("gateway: { ioThreads: 0 }\n"))
        .anyMatch(e -> e.startsWith("gateway.ioThreads") && e.contains("between 1 and 256"));
    assertThat(fixture.errors("gateway: { ioThreads: 1000 }\n"))
        .anyMatch(e -> e.startsWith("gateway.ioThreads") && e.contains("got 1000"));
    assertThat(fixture.errors("gateway: { ioThreads: many }\n"))
        .anyMatch(e -> e.startsWith("gateway.ioThreads"));
  }
}
