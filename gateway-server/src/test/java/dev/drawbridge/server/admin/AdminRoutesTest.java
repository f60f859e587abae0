package dev.drawbridge.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.core.runtime.EventLoops;
import dev.drawbridge.core.runtime.GatewayMetrics;
import dev.drawbridge.core.runtime.Transport;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminRoutesTest {

  private EventLoops loops;
  private GatewayMetrics metrics;
  private final AtomicBoolean storeUp = new AtomicBoolean(true);
  private AdminRoutes routes;

  @BeforeEach
  void setUp() {
    loops = EventLoops.create("admin-test", Transport.NIO, 1);
    metrics = GatewayMetrics.create("test", loops);
    ReadinessCheck listeners = check("listeners", () -> true, "every listener is bound");
    ReadinessCheck store = check("store", storeUp::get, "store unreachable: refused");
    routes = new AdminRoutes(metrics, List.of(listeners, store));
  }

  @AfterEach
  void tearDown() {
    metrics.close();
    loops.close();
  }

  @Test
  void healthzAnswersWhileTheProcessLives() {
    storeUp.set(false);
    AdminRoutes.Response response = routes.handle("GET", "/healthz");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).contains("\"status\":\"ok\"");
  }

  @Test
  void readyzIsReadyOnlyWhenEveryCheckHolds() {
    AdminRoutes.Response ready = routes.handle("GET", "/readyz");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.body()).startsWith("{\"status\":\"ready\"");

    storeUp.set(false);
    AdminRoutes.Response notReady = routes.handle("GET", "/readyz");
    assertThat(notReady.status()).isEqualTo(503);
    assertThat(notReady.body())
        .contains("\"status\":\"not ready\"")
        .contains("\"store\":{\"ready\":false,\"detail\":\"store unreachable: refused\"}")
        .contains("\"listeners\":{\"ready\":true");
  }

  @Test
  void metricsArePrometheusText() {
    AdminRoutes.Response response = routes.handle("GET", "/metrics");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("text/plain; version=0.0.4");
    assertThat(response.body()).contains("# TYPE jvm_memory_used_bytes gauge");
  }

  @Test
  void unknownPathsAndMethodsSayWhatExists() {
    assertThat(routes.handle("GET", "/admin").status()).isEqualTo(404);
    assertThat(routes.handle("GET", "/admin").body()).contains("try /healthz, /readyz or /metrics");
    assertThat(routes.handle("POST", "/healthz").status()).isEqualTo(405);
  }

  private static ReadinessCheck check(
      String name, java.util.function.BooleanSupplier ready, String failure) {
    return new ReadinessCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Status status() {
        return ready.getAsBoolean() ? Status.ok("fine") : Status.notReady(failure);
      }
    };
  }
}
