package dev.drawbridge.server.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a libpq command-line client ({@code psql}, {@code pgbench}) to completion, with a Drawbridge
 * token as its password and none of the caller's own {@code PG*} settings.
 */
final class LibpqClient {

  static final Duration TIMEOUT = Duration.ofMinutes(2);

  /** What the client printed, and how it exited. */
  record Result(int exitCode, String stdout, String stderr) {

    /** Fails with the client's output unless it exited 0; returns stdout. */
    String ok() {
      if (exitCode != 0) {
        throw new AssertionError(
            "exit code " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
      }
      return stdout;
    }
  }

  private LibpqClient() {}

  static Result run(String token, List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("libpq-client", ".out");
    Path err = Files.createTempFile("libpq-client", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(name -> name.startsWith("PG"));
      env.put("PGPASSWORD", token);
      env.put("PGCONNECT_TIMEOUT", "10");
      env.put("LC_ALL", "C.UTF-8");
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot run "
                + command.getFirst()
                + " (install the PostgreSQL client tools, e.g. postgresql-client): "
                + e.getMessage(),
            e);
      }
      process.getOutputStream().close(); // nothing on standard input
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(
            command.getFirst()
                + " did not finish within "
                + TIMEOUT
                + "\nstdout:\n"
                + Files.readString(out)
                + "\nstderr:\n"
                + Files.readString(err));
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
