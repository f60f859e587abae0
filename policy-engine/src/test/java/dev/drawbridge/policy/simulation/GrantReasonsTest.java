package dev.drawbridge.policy.simulation;

import static dev.drawbridge.policy.simulation.Recordings.NOON;
import static dev.drawbridge.policy.simulation.Recordings.columns;
import static dev.drawbridge.policy.simulation.Recordings.grant;
import static dev.drawbridge.policy.simulation.Recordings.rule;
import static dev.drawbridge.policy.simulation.Recordings.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Resource;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every refusal the grants give is recognised as theirs, and a listener's own refusals are not: the
 * wording the simulation relies on is checked against the engine's real refusals.
 */
class GrantReasonsTest {

  private static final List<GrantConfig> GRANTS =
      List.of(
          grant("support")
              .allow(
                  rule("read", "public.orders"),
                  columns(rule("read", "public.customers"), "id", "name"),
                  rule("ddl", "public.orders"))
              .review(rule("write", "public.orders"))
              .deny(
                  rule("admin"),
                  columns(rule("read", "public.customers"), "ssn"),
                  rule("execute", "pg_catalog.pg_sleep"))
              .config(),
          grant("lapsed")
              .agent("late-bot")
              .allow(rule("read"))
              .expires(LocalDate.of(2020, 1, 1))
              .config(),
          grant("no-connect")
              .agent("barred-bot")
              .allow(rule("read"))
              .deny(rule("connect"))
              .config());

  static Stream<RecordedOperation> everyRefusalOfTheEngine() {
    Set<String> none = Set.of();
    return Stream.of(
            op("support-bot", Action.ADMIN),
            op("support-bot", Action.READ, table("public", "customers", "ssn")),
            op("support-bot", Action.READ, table("public", "customers")),
            op("support-bot", Action.READ, table("public", "payments")),
            op("support-bot", Action.READ, table("public", "customers", "email")),
            op("support-bot", Action.WRITE, table("public", "payments")),
            op("support-bot", Action.EXECUTE, new Resource.Function("pg_catalog", "pg_sleep")),
            op("support-bot", Action.READ, new Resource.Path("GET", "/orders")),
            op("support-bot", Action.DDL),
            op("support-bot", Action.UNKNOWN),
            op("late-bot", Action.CONNECT),
            op("late-bot", Action.READ, table("public", "orders")),
            op("barred-bot", Action.CONNECT),
            op("stranger-bot", Action.CONNECT),
            op("stranger-bot", Action.READ, table("public", "orders")))
        .map(
            o ->
                new RecordedOperation(
                    o.eventId(),
                    o.time(),
                    o.session(),
                    o.sequence(),
                    o.agent(),
                    none,
                    true,
                    o.connection(),
                    o.action(),
                    o.verb(),
                    o.resources(),
                    o.recorded()));
  }

  private static RecordedOperation op(String agent, Action action, Resource... resources) {
    return Recordings.recorded(NOON, agent, Set.of(), Recordings.allowed("old"), action, resources);
  }

  @ParameterizedTest
  @MethodSource
  void everyRefusalOfTheEngine(RecordedOperation operation) {
    Replay replay = Simulation.against(GRANTS).add(operation);
    assertThat(replay.candidate().kind()).isEqualTo(Verdict.Kind.DENY);
    assertThat(GrantReasons.fromGrants(replay.candidate().reason()))
        .as(replay.candidate().reason())
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "column public.customers.ssn is masked, and this statement uses it where its values would"
            + " come out unmasked",
        "column loud of view public.contacts_upper is computed, and the view reads masked column"
            + " public.customers.ssn",
        "cannot tell which schema \"orders\" is in: the search_path names a schema the catalog"
            + " does not know",
        "cannot resolve \"orders\": the search_path names no existing schema",
        "the search_path was changed inside a transaction or together with other statements",
        "a message of 1001 statements"
      })
  void aListenersOwnRefusalsAreNot(String reason) {
    assertThat(GrantReasons.fromGrants(reason)).isFalse();
  }
}
