package dev.drawbridge.bench;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.model.Protocol;
import dev.drawbridge.core.model.Resource;
import dev.drawbridge.core.model.SessionId;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.policy.GrantAuthorizer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * One decision of the grant authorizer over a realistic grant set: bench/run.sh's grants on three
 * connections plus ten more agents and two groups with table globs, column rules, denies and review
 * rules (42 grants).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class GrantDecisionBenchmark {

  private static final List<String> CONNECTIONS = List.of("bench", "bench-masked", "orders-db");
  private static final LocalDate EXPIRES = LocalDate.of(2099, 12, 31);

  /**
   * {@code glob}: pgbench -S's read, allowed by a table glob; {@code columns}: a read allowed by a
   * column rule; {@code deny}: a read of a denied column; {@code refused}: a table no grant names;
   * {@code group}: a read allowed through a group; {@code write3}: TPC-B's update touching three
   * tables.
   */
  @Param({"glob", "columns", "deny", "refused", "group", "write3"})
  public String operation;

  private GrantAuthorizer authorizer;
  private Operation op;

  @Setup(Level.Trial)
  public void setUp() {
    authorizer = GrantAuthorizer.from(grants(), Clock.systemUTC());
    op =
        switch (operation) {
          case "glob" ->
              op(agent("bench-bot"), Action.READ, table("pgbench_accounts", "aid", "abalance"));
          case "columns" ->
              op(agent("support-bot"), Action.READ, table("pgbench_accounts", "aid", "abalance"));
          case "deny" -> op(agent("bench-bot"), Action.READ, table("pgbench_history", "mtime"));
          case "refused" -> op(agent("bench-bot"), Action.READ, table("secrets", "value"));
          case "group" ->
              op(
                  new Identity(
                      "sub-ana", "ana-bot", Set.of("analysts"), "drawbridge", AuthMethod.JWT, null),
                  Action.READ,
                  new Resource.Table("reporting", "daily_revenue", List.of("day", "total")));
          case "write3" ->
              op(
                  agent("bench-bot"),
                  Action.WRITE,
                  table("pgbench_accounts", "abalance", "aid"),
                  table("pgbench_tellers", "tbalance", "tid"),
                  table("pgbench_branches", "bbalance", "bid"));
          default -> throw new IllegalArgumentException(operation);
        };
  }

  @Benchmark
  public Decision decide() {
    return authorizer.decide(op);
  }

  private static List<GrantConfig> grants() {
    List<GrantConfig> grants = new ArrayList<>();
    for (String connection : CONNECTIONS) {
      grants.add(
          grant(
              "bench-bot-" + connection,
              new SubjectConfig("bench-bot", null),
              connection,
              List.of(rule("read,write", "public.pgbench_*"), rule("session")),
              List.of(),
              List.of(columns(rule("read", "public.pgbench_history"), "mtime"))));
      grants.add(
          grant(
              "analysts-" + connection,
              new SubjectConfig(null, "analysts"),
              connection,
              List.of(rule("read", "public.*", "reporting.*")),
              List.of(),
              List.of()));
      grants.add(
          grant(
              "support-" + connection,
              new SubjectConfig("support-bot", null),
              connection,
              List.of(columns(rule("read", "public.pgbench_accounts"), "aid", "abalance")),
              List.of(rule("write", "public.pgbench_accounts")),
              List.of()));
      for (int a = 0; a < 10; a++) {
        grants.add(
            grant(
                "agent-" + a + "-" + connection,
                new SubjectConfig("agent-" + a, null),
                connection,
                List.of(
                    rule("read", "sales_" + a + ".*", "public.orders_*"),
                    columns(rule("read", "public.customers"), "id", "name", "country")),
                List.of(rule("write", "sales_" + a + ".*")),
                List.of(columns(rule("read", "public.customers"), "ssn", "card"))));
      }
      grants.add(
          grant(
              "ops-" + connection,
              new SubjectConfig(null, "ops"),
              connection,
              List.of(rule("read,write,ddl", "ops.*")),
              List.of(rule("ddl", "public.*")),
              List.of(rule("read", "ops.credentials"))));
    }
    return grants;
  }

  private static GrantConfig grant(
      String id,
      SubjectConfig subject,
      String connection,
      List<RuleConfig> allow,
      List<RuleConfig> review,
      List<RuleConfig> deny) {
    return new GrantConfig(
        id, subject, connection, allow, review, deny, null, "bench@example.com", "bench", EXPIRES);
  }

  private static RuleConfig rule(String actions, String... tables) {
    return new RuleConfig(List.of(actions.split(",")), List.of(tables), List.of());
  }

  private static RuleConfig columns(RuleConfig rule, String... columns) {
    return new RuleConfig(rule.actions(), rule.tables(), List.of(columns));
  }

  private static Identity agent(String name) {
    return new Identity("sub-" + name, name, Set.of(), "drawbridge", AuthMethod.JWT, null);
  }

  private static Resource.Table table(String name, String... columns) {
    return new Resource.Table("public", name, List.of(columns));
  }

  private static Operation op(Identity identity, Action action, Resource... resources) {
    SessionInfo session =
        new SessionInfo(
            SessionId.next(),
            Protocol.POSTGRES,
            "bench",
            identity,
            new InetSocketAddress("127.0.0.1", 50_000),
            Instant.now());
    return new Operation(
        session, 2, action, action.name(), List.of(resources), "", System.nanoTime());
  }
}
