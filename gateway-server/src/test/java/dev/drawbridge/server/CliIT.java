package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar's commands, as the README's quickstart runs them. */
class CliIT {

  private static final Path EXAMPLE = Path.of("..", "examples", "drawbridge.yaml");
  private static final Map<String, String> EXAMPLE_ENV =
      Map.of(
          "DRAWBRIDGE_TOKEN_SECRET", "quickstart-secret-0123456789abcdef012345",
          "ORDERS_DB_PASSWORD", "quickstart-db-password");

  @TempDir Path dir;

  @Test
  void theExampleConfigurationIsValid() throws Exception {
    DrawbridgeProcess.Result result =
        DrawbridgeProcess.run(EXAMPLE_ENV, "config", "check", "--config", EXAMPLE.toString());

    assertThat(result.exit()).as(result.stderr()).isZero();
    assertThat(result.stdout()).contains(": valid").contains("orders-db");
    assertThat(result.stdout() + result.stderr())
        .doesNotContain("quickstart-secret")
        .doesNotContain("quickstart-db-password");
  }

  @Test
  void anInvalidConfigurationExitsTwo() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "admin: { bind: \"nowhere\" }\n");
    DrawbridgeProcess.Result result =
        DrawbridgeProcess.run(Map.of(), "config", "check", "--config", bad.toString());
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.stderr()).contains("admin.bind");
  }

  @Test
  void mintPrintsOnlyTheTokenOnStandardOutput() throws Exception {
    DrawbridgeProcess.Result result =
        DrawbridgeProcess.run(
            EXAMPLE_ENV, "token", "mint", "--config", EXAMPLE.toString(), "--agent", "support-bot");
    assertThat(result.exit()).as(result.stderr()).isZero();
    assertThat(result.stdout().strip()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
  }

  @Test
  void anUnknownLogFormatIsRefusedRatherThanSilencingTheLogs() throws Exception {
    DrawbridgeProcess.Result result =
        DrawbridgeProcess.run(Map.of("DRAWBRIDGE_LOG_FORMAT", "xml"), "version");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.stderr()).contains("DRAWBRIDGE_LOG_FORMAT must be 'text' or 'json'");
  }

  @Test
  void versionPrintsTheProjectVersion() throws Exception {
    DrawbridgeProcess.Result result = DrawbridgeProcess.run(Map.of(), "version");
    assertThat(result.exit()).isZero();
    assertThat(result.stdout()).matches("drawbridge \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java .*\\)");
  }
}
