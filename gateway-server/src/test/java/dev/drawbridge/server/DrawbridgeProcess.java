package dev.drawbridge.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged {@code drawbridge.jar} run as a separate process, as an operator runs it. */
final class DrawbridgeProcess implements AutoCloseable {

  static final Path JAR = Path.of("target", "drawbridge.jar");

  private final Process process;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();

  private final List<Thread> pumps;

  private DrawbridgeProcess(Process process) {
    this.process = process;
    this.pumps =
        List.of(
            pump(process.getInputStream(), stdout, "stdout"),
            pump(process.getErrorStream(), stderr, "stderr"));
  }

  static DrawbridgeProcess start(Map<String, String> env, String... args) throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing; run mvn package first");
    }
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("DRAWBRIDGE_LOG_FORMAT");
    builder.environment().putAll(env);
    return new DrawbridgeProcess(builder.start());
  }

  /** Runs a command to completion. */
  static Result run(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    try (DrawbridgeProcess p = start(env, args)) {
      int exit = p.waitFor(Duration.ofSeconds(60));
      return new Result(exit, p.stdout(), p.stderr());
    }
  }

  record Result(int exit, String stdout, String stderr) {}

  /** Waits for a line on stderr (where logs go) matching {@code pattern}; returns its match. */
  Matcher awaitLog(Pattern pattern, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : stderr) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return m;
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "drawbridge exited with "
                + process.exitValue()
                + " before logging "
                + pattern
                + ":\n"
                + stderr());
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(
        "no log line matching " + pattern + " within " + timeout + ":\n" + stderr());
  }

  /**
   * Sends SIGTERM (what {@code docker stop} and systemd send). Through the process handle, because
   * {@link Process#destroy()} also closes the pipes and would lose what the process logs while it
   * shuts down.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  /** Sends SIGKILL: the process gets no chance to shut down, flush or say goodbye. */
  void kill() {
    process.toHandle().destroyForcibly();
  }

  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "drawbridge did not exit within " + timeout + ":\n" + stderr());
    }
    for (Thread pump : pumps) {
      pump.join(timeout.toMillis()); // everything the process wrote, up to end of stream
    }
    return process.exitValue();
  }

  String stdout() {
    return String.join("\n", stdout);
  }

  String stderr() {
    return String.join("\n", stderr);
  }

  List<String> stderrLines() {
    return List.copyOf(stderr);
  }

  Optional<Integer> exitValue() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private static Thread pump(java.io.InputStream in, List<String> sink, String name) {
    return Thread.ofPlatform()
        .daemon(true)
        .name("drawbridge-" + name)
        .start(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  sink.add(line);
                }
              } catch (IOException ignored) {
                // the process ended
              }
            });
  }
}
