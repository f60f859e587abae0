package dev.drawbridge.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes configuration files into a temporary directory and loads them. */
final class Fixture {

  /** The day the tests live in: 2026-06-01 UTC. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

  /** A connection and a grant that are valid; tests add one mistake at a time. */
  static final String VALID_CORE =
      """
      connections:
        - name: orders-db
          type: postgres
          upstream: { host: db.internal, port: 5432, database: orders }
      grants:
        - id: g1
          subject: { agent: bot }
          connection: orders-db
          allow: [ { actions: [read], tables: [public.orders] } ]
      """;

  final Path dir;
  final Map<String, String> env = new HashMap<>();

  Fixture(Path dir) {
    this.dir = dir;
  }

  Path write(String name, String content) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  LoadedConfig load(String yaml) throws ConfigException {
    return loadFile(write("drawbridge.yaml", yaml));
  }

  LoadedConfig loadFile(Path file) throws ConfigException {
    return ConfigLoader.load(file, Environment.of(env), CLOCK);
  }

  /** The exception of a file that must fail to load. */
  ConfigException failure(Path file) {
    try {
      LoadedConfig loaded = loadFile(file);
      throw new AssertionError("expected " + file + " to fail, got " + loaded);
    } catch (ConfigException e) {
      return e;
    }
  }

  /** Every problem (errors and warnings) of a file that must fail, as {@code path: message}. */
  List<String> problems(String yaml) {
    return strings(failure(write("drawbridge.yaml", yaml)).problems());
  }

  /** The errors of a file that must fail, as {@code path: message}. */
  List<String> errors(String yaml) {
    return strings(failure(write("drawbridge.yaml", yaml)).errors());
  }

  static List<String> strings(List<ConfigProblem> problems) {
    return problems.stream().map(ConfigProblem::toString).toList();
  }
}
