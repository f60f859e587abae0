import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Opens COUNT connections at once (one virtual thread each, pgjdbc), each authenticated and ready
 * for queries, holds them all, then closes them. Run by bench/run.sh (scenario {@code connections})
 * as {@code java -cp drawbridge.jar bench/ConnectionStorm.java URL USER PASSWORD COUNT HOLD_MS PID
 * UPSTREAM_URL}. Prints one line: {@code ok failed all_ms p50_ms p99_ms upstream rss_kib hwm_kib}:
 * how many connected, the time until the last one was ready, per-connection latency percentiles,
 * the client backends UPSTREAM_URL's server had then, and PID's VmRSS and VmHWM then (0 when PID is
 * 0). The first failure, if any, goes to stderr.
 */
public final class ConnectionStorm {

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Properties properties = new Properties();
    properties.setProperty("user", args[1]);
    properties.setProperty("password", args[2]);
    properties.setProperty("sslmode", "disable");
    properties.setProperty("connectTimeout", "120");
    properties.setProperty("loginTimeout", "120");
    int count = Integer.parseInt(args[3]);
    long holdMillis = Long.parseLong(args[4]);
    long pid = Long.parseLong(args[5]);
    String upstreamUrl = args[6];

    ConcurrentLinkedQueue<Connection> open = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicLongArray latencies = new AtomicLongArray(count);
    CountDownLatch done = new CountDownLatch(count);
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    long begin = System.nanoTime();
                    try {
                      open.add(DriverManager.getConnection(url, properties));
                      latencies.set(index, System.nanoTime() - begin);
                    } catch (SQLException e) {
                      latencies.set(index, -1);
                      failures.add(e.getMessage());
                    } finally {
                      done.countDown();
                    }
                  }));
    }
    if (!done.await(300, TimeUnit.SECONDS)) {
      System.err.println("storm: not every connection finished within 300 s");
    }
    long all = System.nanoTime() - start;
    long upstream = backends(upstreamUrl);
    long[] memory = memory(pid);
    Thread.sleep(holdMillis);
    for (Connection connection : open) {
      connection.close();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long[] ok = new long[count];
    int n = 0;
    for (int i = 0; i < count; i++) {
      if (latencies.get(i) > 0) {
        ok[n++] = latencies.get(i);
      }
    }
    long[] sorted = Arrays.copyOf(ok, n);
    Arrays.sort(sorted);
    System.out.printf(
        "%d %d %.0f %.1f %.1f %d %d %d%n",
        n,
        count - n,
        all / 1e6,
        n == 0 ? 0 : sorted[n / 2] / 1e6,
        n == 0 ? 0 : sorted[Math.min(n - 1, (int) (n * 0.99))] / 1e6,
        upstream,
        memory[0],
        memory[1]);
    if (!failures.isEmpty()) {
      System.err.println("storm: " + failures.size() + " failed, first: " + failures.peek());
    }
  }

  /** Client backends of the server at {@code url}, other than the one asking. */
  private static long backends(String url) {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select count(*) - 1 from pg_stat_activity where backend_type = 'client backend'")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      System.err.println("storm: could not count upstream backends: " + e.getMessage());
      return -1;
    }
  }

  /** VmRSS and VmHWM of {@code pid}, in KiB. */
  private static long[] memory(long pid) throws Exception {
    long[] memory = new long[2];
    if (pid <= 0) {
      return memory;
    }
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        memory[0] = Long.parseLong(line.replaceAll("\\D", ""));
      } else if (line.startsWith("VmHWM:")) {
        memory[1] = Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return memory;
  }
}
