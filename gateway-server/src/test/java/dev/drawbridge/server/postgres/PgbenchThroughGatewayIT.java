package dev.drawbridge.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real {@code pgbench} through the gateway: {@code -i} loads its tables (into schema app_scram,
 * the connection role's own), then short concurrent runs in each query mode, with the outcome
 * checked against what the upstream actually holds.
 */
@ExtendWith(TestPostgres.class)
class PgbenchThroughGatewayIT {

  private static final Pattern PROCESSED =
      Pattern.compile("^number of transactions actually processed: (\\d+)", Pattern.MULTILINE);
  private static final Pattern FAILED =
      Pattern.compile("^number of failed transactions: (\\d+)", Pattern.MULTILINE);

  @TempDir static Path dir;
  static PgGateway gateway;

  @BeforeAll
  static void start(TestPostgres.Server pg) throws Exception {
    gateway = PgGateway.start(pg, dir, "bind: \"127.0.0.1:0\"\nallowPlaintext: true");
    LibpqClient.Result init = pgbench("-i", "-s", "1");
    init.ok();
    assertThat(init.stderr()).contains("done in");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void initializeLoadsTheTablesUpstream() throws SQLException {
    assertThat(upstreamCount("select count(*) from app_scram.pgbench_accounts")).isEqualTo(100_000);
    assertThat(upstreamCount("select count(*) from app_scram.pgbench_branches")).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "extended", "prepared"})
  void selectOnlyRunsWithoutFailuresInEveryQueryMode(String mode) throws Exception {
    String out = pgbench("-S", "-T", "3", "-c", "4", "-j", "2", "-M", mode).ok();

    assertThat(out).contains("query mode: " + mode);
    assertThat(number(FAILED, out)).isZero();
    assertThat(number(PROCESSED, out)).isPositive();
  }

  @Test
  void tpcbLikeRunCommitsEveryTransactionItReports() throws Exception {
    long before = upstreamCount("select count(*) from app_scram.pgbench_history");

    String out = pgbench("-T", "3", "-c", "4").ok();

    assertThat(out).contains("<builtin: TPC-B (sort of)>");
    assertThat(number(FAILED, out)).isZero();
    long processed = number(PROCESSED, out);
    assertThat(processed).isPositive();
    // each TPC-B transaction inserts one history row, so the upstream saw every one commit
    assertThat(upstreamCount("select count(*) from app_scram.pgbench_history") - before)
        .isEqualTo(processed);
  }

  private static LibpqClient.Result pgbench(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("pgbench"));
    command.addAll(List.of(args));
    command.add(gateway.conninfo("scram-db", "it-bot", "disable"));
    return LibpqClient.run(gateway.token("it-bot"), command);
  }

  private static long number(Pattern pattern, String output) {
    Matcher m = pattern.matcher(output);
    assertThat(m.find()).as("%s in:%n%s", pattern, output).isTrue();
    return Long.parseLong(m.group(1));
  }

  /** Asks the upstream directly, as its superuser, not through the gateway. */
  private static long upstreamCount(String sql) throws SQLException {
    try (Connection c = gateway.upstream().connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
