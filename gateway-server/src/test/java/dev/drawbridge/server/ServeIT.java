package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drawbridge serve} from the packaged jar, driven over real HTTP and real signals. */
class ServeIT {

  private static final Pattern ADMIN = Pattern.compile("admin listening on ([0-9.]+):(\\d+)");
  private static final String SECRET = "serve-it-secret-0123456789abcdef0123456789";

  /** Never the default (one per processor), so the count in /metrics can only come from the key. */
  private static final int IO_THREADS = Runtime.getRuntime().availableProcessors() + 1;

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesHealthReadinessAndMetricsThenExitsZeroOnSigterm() throws Exception {
    Path config = config();
    try (DrawbridgeProcess gateway =
        DrawbridgeProcess.start(
            Map.of("IT_TOKEN_SECRET", SECRET), "serve", "--config", config.toString())) {
      Matcher admin = gateway.awaitLog(ADMIN, Duration.ofSeconds(30));
      URI base = URI.create("http://" + admin.group(1) + ":" + admin.group(2));

      HttpResponse<String> health = get(base.resolve("/healthz"));
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"ok\"");

      HttpResponse<String> ready = get(base.resolve("/readyz"));
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"listeners\":{\"ready\":true");

      HttpResponse<String> metrics = get(base.resolve("/metrics"));
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("content-type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(metrics.body())
          .contains("jvm_memory_used_bytes{")
          .contains("netty_eventexecutor_tasks_pending{")
          .contains("drawbridge_build_info{")
          .contains("drawbridge_auth_attempts_total{")
          .contains("drawbridge_grants{")
          .contains("gateway=\"serve-it\"");
      assertThat(metrics.body().lines())
          .as("one event loop per gateway.ioThreads")
          .filteredOn(
              line ->
                  line.startsWith("netty_eventexecutor_tasks_pending{")
                      && line.contains("name=\"drawbridge-io-"))
          .hasSize(IO_THREADS);

      gateway.terminate();
      assertThat(gateway.waitFor(Duration.ofSeconds(30))).isZero();
      assertThat(gateway.stderr()).contains("shutdown complete").doesNotContain(SECRET);
    }
  }

  @Test
  void logsOneJsonObjectPerLineWhenAsked() throws Exception {
    Path config = config();
    try (DrawbridgeProcess gateway =
        DrawbridgeProcess.start(
            Map.of("IT_TOKEN_SECRET", SECRET, "DRAWBRIDGE_LOG_FORMAT", "json"),
            "serve",
            "--config",
            config.toString())) {
      gateway.awaitLog(ADMIN, Duration.ofSeconds(30));
      gateway.terminate();
      assertThat(gateway.waitFor(Duration.ofSeconds(30))).isZero();
      ObjectMapper json = new ObjectMapper();
      assertThat(gateway.stderrLines()).isNotEmpty();
      for (String line : gateway.stderrLines()) {
        JsonNode event = json.readTree(line);
        assertThat(event.has("level")).as(line).isTrue();
        assertThat(event.has("formattedMessage")).as(line).isTrue();
      }
    }
  }

  @Test
  void refusesToStartWhenThePortIsTakenAndSaysWhich() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Path config = config("127.0.0.1:" + taken.getLocalPort());
      DrawbridgeProcess.Result result =
          DrawbridgeProcess.run(
              Map.of("IT_TOKEN_SECRET", SECRET), "serve", "--config", config.toString());
      assertThat(result.exit()).isEqualTo(1);
      assertThat(result.stderr())
          .contains("cannot bind admin listener to 127.0.0.1:" + taken.getLocalPort());
    }
  }

  private Path config() throws Exception {
    return config("127.0.0.1:0");
  }

  private Path config(String adminBind) throws Exception {
    return Files.writeString(
        dir.resolve("drawbridge.yaml"),
        """
        gateway: { name: serve-it, shutdownTimeout: 5s, ioThreads: %d }
        audit: { journal: journal }
        admin: { bind: "%s" }
        identity:
          issuers:
            - { issuer: drawbridge, hmacSecret: "${env:IT_TOKEN_SECRET}" }
        """
            .formatted(IO_THREADS, adminBind));
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
