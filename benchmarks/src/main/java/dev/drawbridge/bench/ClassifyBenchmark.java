package dev.drawbridge.bench;

import dev.drawbridge.postgres.sql.CachingClassifier;
import dev.drawbridge.postgres.sql.ClassifiedStatement;
import dev.drawbridge.postgres.sql.PgQuery;
import dev.drawbridge.postgres.sql.PreparedStatements;
import dev.drawbridge.postgres.sql.StatementClassifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Classifying one statement, as the gateway does for every simple-protocol query and every Parse:
 * uncached (libpg_query parses it, the tree is walked), cached (a scan gives its shape, a lookup
 * finds the classification) and cached as the same text (a lookup by text alone). Each invocation
 * takes the next of 1,024 texts that differ only in their literals, as pgbench's do. Needs
 * libpg_query (or {@code DRAWBRIDGE_LIBPG_QUERY}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ClassifyBenchmark {

  private static final int VARIANTS = 1024;

  /** {@code point}: pgbench -S; {@code update}: TPC-B's; {@code join}: a three-table report. */
  @Param({"point", "update", "join"})
  public String statement;

  private StatementClassifier uncached;
  private CachingClassifier cached;
  private PreparedStatements session;
  private String[] texts;
  private byte[] firstBytes;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    PgQuery parser =
        switch (PgQuery.load()) {
          case PgQuery.Loaded.Available available -> available.parser();
          case PgQuery.Loaded.Missing missing -> throw new IllegalStateException(missing.message());
        };
    uncached = new StatementClassifier(parser);
    cached = new CachingClassifier(parser);
    session = new PreparedStatements();
    texts = new String[VARIANTS];
    for (int i = 0; i < VARIANTS; i++) {
      texts[i] = text(statement, i);
    }
    cached.classify(texts[0], session); // the shape is known from then on
    firstBytes = texts[0].getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public List<ClassifiedStatement> uncached() {
    return uncached.classify(nextText(), session);
  }

  @Benchmark
  public List<ClassifiedStatement> cached() {
    return cached.classify(nextText(), session);
  }

  /**
   * The very text that gave the shape, again (a parameterised statement parsed again): a lookup by
   * text, no scan. Decoded from its bytes each time, as each message is (so its hash is computed
   * anew).
   */
  @Benchmark
  public List<ClassifiedStatement> cachedSameText() {
    return cached.classify(new String(firstBytes, StandardCharsets.UTF_8), session);
  }

  private String nextText() {
    String text = texts[next];
    next = (next + 1) & (VARIANTS - 1);
    return text;
  }

  private static String text(String statement, int i) {
    int aid = 1 + (i * 7919) % 1_000_000;
    return switch (statement) {
      case "point" -> "SELECT abalance FROM pgbench_accounts WHERE aid = " + aid + ";";
      case "update" ->
          "UPDATE pgbench_accounts SET abalance = abalance + " + (i - 512) + " WHERE aid = " + aid;
      case "join" ->
          "SELECT a.aid, a.abalance, b.bbalance, t.tbalance FROM public.pgbench_accounts a"
              + " JOIN pgbench_branches b ON b.bid = a.bid JOIN pgbench_tellers t ON t.bid = b.bid"
              + " WHERE a.aid = "
              + aid
              + " AND t.tid < "
              + (i % 100)
              + " AND a.filler <> 'x' ORDER BY t.tid LIMIT 10";
      default -> throw new IllegalArgumentException(statement);
    };
  }
}
