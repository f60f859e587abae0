package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.AdminConfig;
import dev.drawbridge.config.AuditConfig;
import dev.drawbridge.config.BindAddress;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.GatewayConfig;
import dev.drawbridge.config.PostgresStoreConfig;
import dev.drawbridge.config.Secret;
import dev.drawbridge.config.StoreConfig;
import dev.drawbridge.testing.TestPostgres;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /readyz} follows the store database, checked against a real PostgreSQL. */
@ExtendWith(TestPostgres.class)
class StoreReadinessIT {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void readyWhenTheStoreAnswers(TestPostgres.Server pg) throws Exception {
    DrawbridgeConfig config = withStore(pg.jdbcUrl(), pg.user(), pg.password());
    try (Gateway gateway = Gateway.start(config, Clock.systemUTC())) {
      HttpResponse<String> ready = awaitReadyz(gateway, "\"store\":{\"ready\":true");
      assertThat(ready.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void notReadyWhenTheStoreRefusesTheCredentialAndThePasswordIsNotShown(TestPostgres.Server pg)
      throws Exception {
    String wrong = "not-the-password-7f3a";
    DrawbridgeConfig config = withStore(pg.jdbcUrl(), pg.user(), wrong);
    try (Gateway gateway = Gateway.start(config, Clock.systemUTC())) {
      HttpResponse<String> ready = awaitReadyz(gateway, "store unreachable");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body())
          .contains("password authentication failed")
          .contains("28P01")
          .doesNotContain(wrong);
    }
  }

  @Test
  void aMalformedUrlCarryingAPasswordIsNeverEchoed(TestPostgres.Server pg) throws Exception {
    String secret = "TopSecretPw987";
    DrawbridgeConfig config =
        withStore(
            "jdbc:postgresql://" + pg.host() + ":54x32/" + pg.database() + "?password=" + secret,
            pg.user(),
            "x");
    try (Gateway gateway = Gateway.start(config, Clock.systemUTC())) {
      HttpResponse<String> ready = awaitReadyz(gateway, "store unreachable");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body())
          .contains("connection settings are not usable")
          .doesNotContain(secret)
          .doesNotContain("54x32");
    }
  }

  @Test
  void notReadyWhenNothingListensAtTheStoreAddress() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    DrawbridgeConfig config =
        withStore("jdbc:postgresql://127.0.0.1:" + closedPort + "/audit", "drawbridge", "x");
    try (Gateway gateway = Gateway.start(config, Clock.systemUTC())) {
      HttpResponse<String> ready = awaitReadyz(gateway, "store unreachable");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body())
          .contains("\"status\":\"not ready\"")
          .contains("cannot connect to the store");
    }
  }

  /** Each gateway its own journal, under the build's directory. */
  private static final java.nio.file.Path JOURNALS =
      java.nio.file.Path.of("target", "store-readiness-journals").toAbsolutePath();

  private static DrawbridgeConfig withStore(String url, String user, String password) {
    return new DrawbridgeConfig(
        new GatewayConfig("readiness-it", Duration.ofSeconds(2)),
        null,
        new AdminConfig(BindAddress.parse("127.0.0.1:0")),
        null,
        null,
        null,
        new AuditConfig(JOURNALS.resolve(UUID.randomUUID().toString()), null),
        new StoreConfig(new PostgresStoreConfig(url, user, Secret.of(password))));
  }

  private HttpResponse<String> awaitReadyz(Gateway gateway, String expected) throws Exception {
    InetSocketAddress admin = gateway.adminAddress().orElseThrow();
    URI uri = URI.create("http://127.0.0.1:" + admin.getPort() + "/readyz");
    HttpResponse<String> last = null;
    for (int i = 0; i < 150; i++) {
      last =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (last.body().contains(expected)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("readyz never contained " + expected + "; last: " + last.body());
  }
}
