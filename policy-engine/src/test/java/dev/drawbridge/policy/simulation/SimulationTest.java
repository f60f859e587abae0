package dev.drawbridge.policy.simulation;

import static dev.drawbridge.policy.simulation.Recordings.NOON;
import static dev.drawbridge.policy.simulation.Recordings.allowed;
import static dev.drawbridge.policy.simulation.Recordings.columns;
import static dev.drawbridge.policy.simulation.Recordings.grant;
import static dev.drawbridge.policy.simulation.Recordings.held;
import static dev.drawbridge.policy.simulation.Recordings.recorded;
import static dev.drawbridge.policy.simulation.Recordings.refused;
import static dev.drawbridge.policy.simulation.Recordings.refusedByGrants;
import static dev.drawbridge.policy.simulation.Recordings.rule;
import static dev.drawbridge.policy.simulation.Recordings.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Resource;
import dev.drawbridge.policy.simulation.SimulationReport.AgentRow;
import dev.drawbridge.policy.simulation.SimulationReport.Example;
import dev.drawbridge.policy.simulation.SimulationReport.GrantRow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SimulationTest {

  private static final Resource.Table ORDERS = table("public", "orders", "id", "total");

  /** Reads public.orders outright, writes it with approval, nothing else. */
  private static final List<GrantConfig> READS_AND_HELD_WRITES =
      List.of(
          grant("orders-v2")
              .allow(rule("read", "public.orders"))
              .review(rule("write", "public.orders"))
              .config());

  static Stream<Arguments> everyKindOfChange() {
    return Stream.of(
        Arguments.of(allowed("orders-v1"), Action.READ, Outcome.UNCHANGED, Verdict.Kind.ALLOW),
        Arguments.of(held("orders-v1"), Action.WRITE, Outcome.UNCHANGED, Verdict.Kind.REVIEW),
        Arguments.of(refusedByGrants(), Action.DDL, Outcome.UNCHANGED, Verdict.Kind.DENY),
        Arguments.of(allowed("orders-v1"), Action.DDL, Outcome.NEWLY_REFUSED, Verdict.Kind.DENY),
        Arguments.of(refusedByGrants(), Action.READ, Outcome.NEWLY_ALLOWED, Verdict.Kind.ALLOW),
        Arguments.of(allowed("orders-v1"), Action.WRITE, Outcome.NEWLY_HELD, Verdict.Kind.REVIEW),
        Arguments.of(held("orders-v1"), Action.READ, Outcome.HELD_NOW_ALLOWED, Verdict.Kind.ALLOW),
        Arguments.of(held("orders-v1"), Action.DDL, Outcome.HELD_NOW_REFUSED, Verdict.Kind.DENY),
        Arguments.of(
            refusedByGrants(), Action.WRITE, Outcome.REFUSED_NOW_HELD, Verdict.Kind.REVIEW));
  }

  @ParameterizedTest(name = "recorded {0}, {1} -> {2}")
  @MethodSource
  void everyKindOfChange(Verdict was, Action action, Outcome outcome, Verdict.Kind now) {
    Simulation simulation = Simulation.against(READS_AND_HELD_WRITES);
    Replay replay = simulation.add(recorded(was, action, ORDERS));
    assertThat(replay.outcome()).isEqualTo(outcome);
    assertThat(replay.candidate().kind()).isEqualTo(now);
    if (now != Verdict.Kind.DENY) {
      assertThat(replay.candidate().grantId()).isEqualTo("orders-v2");
    }
    SimulationReport report = simulation.report();
    assertThat(report.operations()).isEqualTo(1);
    assertThat(report.total(outcome).count()).isEqualTo(1);
    assertThat(report.total(outcome).events()).containsExactly(replay.recorded().eventId());
    assertThat(report.changed()).isEqualTo(outcome != Outcome.UNCHANGED);
  }

  @Test
  void theReportTalliesPerAgentAndPerGrantAndEachFigureNamesItsEvents() {
    List<RecordedOperation> ops = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ops.add(
          recorded(
              NOON.plusSeconds(i),
              "support-bot",
              Set.of(),
              allowed("orders-v1"),
              Action.READ,
              ORDERS));
    }
    RecordedOperation newlyRefused =
        recorded(NOON, "support-bot", Set.of(), allowed("orders-v1"), Action.DDL, ORDERS);
    RecordedOperation otherAgent =
        recorded(
            NOON.plusSeconds(10), "report-bot", Set.of(), allowed("reports"), Action.READ, ORDERS);
    ops.add(newlyRefused);
    ops.add(otherAgent);

    SimulationReport report = Simulation.run(ops, READS_AND_HELD_WRITES);

    assertThat(report.operations()).isEqualTo(7);
    assertThat(report.total(Outcome.UNCHANGED).count()).isEqualTo(5);
    assertThat(report.total(Outcome.UNCHANGED).events())
        .hasSize(Simulation.EVENTS_PER_FIGURE)
        .containsExactly(ops.get(0).eventId(), ops.get(1).eventId(), ops.get(2).eventId());
    assertThat(report.total(Outcome.NEWLY_REFUSED).count()).isEqualTo(2);
    assertThat(report.changes()).isEqualTo(2);
    assertThat(report.agents())
        .containsExactly(
            new AgentRow(
                "report-bot",
                Outcome.NEWLY_REFUSED,
                new SimulationReport.Tally(1, List.of(otherAgent.eventId()))),
            new AgentRow(
                "support-bot",
                Outcome.UNCHANGED,
                new SimulationReport.Tally(
                    5, List.of(ops.get(0).eventId(), ops.get(1).eventId(), ops.get(2).eventId()))),
            new AgentRow(
                "support-bot",
                Outcome.NEWLY_REFUSED,
                new SimulationReport.Tally(1, List.of(newlyRefused.eventId()))));
    assertThat(report.grants())
        .extracting(
            GrantRow::recordedGrant,
            GrantRow::candidateGrant,
            GrantRow::outcome,
            r -> r.tally().count())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("orders-v1", "", Outcome.NEWLY_REFUSED, 1L),
            org.assertj.core.groups.Tuple.tuple("orders-v1", "orders-v2", Outcome.UNCHANGED, 5L),
            org.assertj.core.groups.Tuple.tuple("reports", "", Outcome.NEWLY_REFUSED, 1L));
    assertThat(report.examples()).containsOnlyKeys(Outcome.NEWLY_REFUSED);
    Example example = report.examples().get(Outcome.NEWLY_REFUSED).getFirst();
    assertThat(example.recorded()).isEqualTo(allowed("orders-v1"));
    assertThat(example.candidate().kind()).isEqualTo(Verdict.Kind.DENY);
    assertThat(report.firstRecorded()).isEqualTo(NOON);
    assertThat(report.lastRecorded()).isEqualTo(NOON.plusSeconds(10));
  }

  @Test
  void examplesAreTheEarliestWhateverTheOrderOperationsComeIn() {
    List<RecordedOperation> ops = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ops.add(
          recorded(
              NOON.plusSeconds(i),
              "support-bot",
              Set.of(),
              allowed("orders-v1"),
              Action.DDL,
              ORDERS));
    }
    List<RecordedOperation> shuffled = new ArrayList<>(ops);
    java.util.Collections.shuffle(shuffled, new java.util.Random(7));
    Simulation simulation = Simulation.against(READS_AND_HELD_WRITES, List.of(), 4);
    shuffled.forEach(simulation::add);
    SimulationReport report = simulation.report();
    assertThat(report.examples().get(Outcome.NEWLY_REFUSED))
        .extracting(Example::eventId)
        .containsExactly(
            ops.get(0).eventId(), ops.get(1).eventId(), ops.get(2).eventId(), ops.get(3).eventId());
    assertThat(report.total(Outcome.NEWLY_REFUSED).count()).isEqualTo(12);
  }

  @Test
  void grantsAreEvaluatedAtTheInstantEachOperationWasRecorded() {
    List<GrantConfig> candidate =
        List.of(
            grant("until-may")
                .allow(rule("read", "public.orders"))
                .expires(LocalDate.of(2026, 5, 31))
                .config());
    RecordedOperation lastMinute =
        recorded(
            Instant.parse("2026-05-31T23:59:59.999Z"),
            "support-bot",
            Set.of(),
            allowed("old"),
            Action.READ,
            ORDERS);
    RecordedOperation nextMorning =
        recorded(
            Instant.parse("2026-06-01T00:00:00Z"),
            "support-bot",
            Set.of(),
            allowed("old"),
            Action.READ,
            ORDERS);
    Simulation simulation = Simulation.against(candidate);
    assertThat(simulation.add(lastMinute).outcome()).isEqualTo(Outcome.UNCHANGED);
    Replay lapsed = simulation.add(nextMorning);
    assertThat(lapsed.outcome()).isEqualTo(Outcome.NEWLY_REFUSED);
    assertThat(lapsed.candidate().reason())
        .isEqualTo("grant 'until-may' for 'orders-db' expired on 2026-05-31");

    // lapsed long before today, in force when the operation was recorded: not the wall clock
    List<GrantConfig> longAgo =
        List.of(
            grant("jan-2020")
                .allow(rule("read", "public.orders"))
                .expires(LocalDate.of(2020, 1, 31))
                .config());
    RecordedOperation then =
        recorded(
            Instant.parse("2020-01-15T08:00:00Z"),
            "support-bot",
            Set.of(),
            allowed("old"),
            Action.READ,
            ORDERS);
    assertThat(Simulation.against(longAgo).add(then).outcome()).isEqualTo(Outcome.UNCHANGED);
  }

  @Test
  void groupSubjectsApplyToTheGroupsTheSessionRecorded() {
    List<GrantConfig> candidate =
        List.of(grant("support-reads").group("support").allow(rule("read,session")).config());
    Simulation simulation = Simulation.against(candidate);
    assertThat(
            simulation
                .add(
                    recorded(
                        NOON, "support-bot", Set.of("support"), allowed("x"), Action.READ, ORDERS))
                .outcome())
        .isEqualTo(Outcome.UNCHANGED);
    Replay outsider =
        simulation.add(
            recorded(NOON, "other-bot", Set.of("analytics"), allowed("x"), Action.READ, ORDERS));
    assertThat(outsider.outcome()).isEqualTo(Outcome.NEWLY_REFUSED);
    assertThat(outsider.candidate().reason())
        .isEqualTo("no grant lets agent 'other-bot' connect to 'orders-db'");
  }

  @Test
  void aConnectWhoseGroupsWereNotRecordedIsReplayedOnlyWhereGroupsCannotMatter() {
    RecordedOperation refusedConnect =
        new RecordedOperation(
            Recordings.eventAt(NOON),
            NOON,
            UUID.randomUUID(),
            1,
            "new-bot",
            Set.of(),
            false,
            Recordings.ORDERS,
            Action.CONNECT,
            "connect",
            List.of(),
            refused("no grant lets agent 'new-bot' connect to 'orders-db'"));

    List<GrantConfig> byGroup =
        List.of(grant("support-reads").group("support").allow(rule("read")).config());
    Replay unknown = Simulation.against(byGroup).add(refusedConnect);
    assertThat(unknown.outcome()).isEqualTo(Outcome.NOT_REPLAYABLE);
    assertThat(unknown.note()).contains("groups are not recorded");

    List<GrantConfig> byAgent =
        List.of(grant("new-bot-reads").agent("new-bot").allow(rule("read")).config());
    Replay admitted = Simulation.against(byAgent).add(refusedConnect);
    assertThat(admitted.outcome()).isEqualTo(Outcome.NEWLY_ALLOWED);
    assertThat(admitted.candidate()).isEqualTo(allowed("new-bot-reads"));
  }

  @Test
  void columnRulesDecideByTheColumnsEachStatementNamed() {
    List<GrantConfig> candidate =
        List.of(
            grant("customers-some")
                .allow(columns(rule("read", "public.customers"), "id", "name"))
                .deny(columns(rule("read", "public.customers"), "ssn"))
                .config());
    Simulation simulation = Simulation.against(candidate);
    assertThat(
            simulation
                .add(
                    recorded(
                        allowed("all"), Action.READ, table("public", "customers", "id", "name")))
                .outcome())
        .isEqualTo(Outcome.UNCHANGED);
    Replay email =
        simulation.add(
            recorded(allowed("all"), Action.READ, table("public", "customers", "id", "email")));
    assertThat(email.outcome()).isEqualTo(Outcome.NEWLY_REFUSED);
    assertThat(email.candidate().reason()).startsWith("needs read on public.customers.email");
    Replay star =
        simulation.add(recorded(allowed("all"), Action.READ, table("public", "customers")));
    assertThat(star.outcome()).isEqualTo(Outcome.NEWLY_REFUSED);
    Replay ssn =
        simulation.add(
            recorded(
                refused("grant 'old' denies read on public.customers.ssn"),
                Action.READ,
                table("public", "customers", "ssn")));
    assertThat(ssn.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(ssn.candidate().reason())
        .isEqualTo("grant 'customers-some' denies read on public.customers.ssn");
  }

  @Test
  void whatTheGatewayRefusedBeforeAskingTheGrantsStaysRefused() {
    List<GrantConfig> everything =
        List.of(grant("everything").allow(rule("read,write,ddl,session")).config());
    Replay masked =
        Simulation.against(everything)
            .add(
                recorded(
                    refused(
                        "column public.customers.ssn is masked, and this statement uses it where"
                            + " its values would come out unmasked"),
                    Action.READ,
                    table("public", "customers", "ssn")));
    assertThat(masked.outcome()).isEqualTo(Outcome.REFUSED_BEFORE_GRANTS);
    assertThat(masked.outcome().isChange()).isFalse();
  }

  @Test
  void unreplayableRecordsAreCountedWithWhyNotDropped() {
    UnreplayableOperation cut =
        new UnreplayableOperation(
            Recordings.eventAt(NOON), NOON, "support-bot", "orders-db", "a name was cut short");
    UnreplayableOperation alsoCut =
        new UnreplayableOperation(
            Recordings.eventAt(NOON.plusSeconds(1)),
            NOON.plusSeconds(1),
            "support-bot",
            "orders-db",
            "a name was cut short");
    UnreplayableOperation unknownAction =
        new UnreplayableOperation(
            Recordings.eventAt(NOON), NOON, "support-bot", "orders-db", "unknown action 'fly'");
    SimulationReport report =
        Simulation.run(List.of(cut, alsoCut, unknownAction), READS_AND_HELD_WRITES);
    assertThat(report.operations()).isEqualTo(3);
    assertThat(report.total(Outcome.NOT_REPLAYABLE).count()).isEqualTo(3);
    assertThat(report.changed()).isFalse();
    assertThat(report.notReplayable())
        .extracting(SimulationReport.ReasonRow::why, r -> r.tally().events())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "a name was cut short", List.of(cut.eventId(), alsoCut.eventId())),
            org.assertj.core.groups.Tuple.tuple(
                "unknown action 'fly'", List.of(unknownAction.eventId())));
    assertThat(report.examples().get(Outcome.NOT_REPLAYABLE)).hasSize(3);
  }

  @Test
  void runTimeGrantsCountWhileTheyWereInForce() {
    GrantConfig temporary = grant("tmp-write-1").allow(rule("write", "public.orders")).config();
    RunTimeGrant madeByAnApproval =
        new RunTimeGrant(
            temporary, NOON.minusSeconds(3600), NOON.plusSeconds(3600), NOON.plusSeconds(1800));
    Simulation simulation =
        Simulation.against(READS_AND_HELD_WRITES, List.of(madeByAnApproval), 10);
    Replay during = simulation.add(recorded(allowed("tmp-write-1"), Action.WRITE, ORDERS));
    assertThat(during.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(during.candidate()).isEqualTo(allowed("tmp-write-1"));
    Replay afterRevocation =
        simulation.add(
            recorded(
                NOON.plus(Duration.ofMinutes(45)),
                "support-bot",
                Set.of(),
                allowed("tmp-write-1"),
                Action.WRITE,
                ORDERS));
    assertThat(afterRevocation.outcome()).isEqualTo(Outcome.NEWLY_HELD);
    Replay before =
        simulation.add(
            recorded(
                NOON.minus(Duration.ofHours(2)),
                "support-bot",
                Set.of(),
                held("orders-v1"),
                Action.WRITE,
                ORDERS));
    assertThat(before.outcome()).isEqualTo(Outcome.UNCHANGED);
  }

  @Test
  void aRunTimeGrantWithTheIdOfACandidateGrantIsLeftOutAndSaidSo() {
    GrantConfig clash = grant("orders-v2").allow(rule("ddl")).config();
    Simulation simulation =
        Simulation.against(
            READS_AND_HELD_WRITES,
            List.of(new RunTimeGrant(clash, NOON.minusSeconds(60), NOON.plusSeconds(60), null)),
            10);
    assertThat(simulation.add(recorded(allowed("orders-v2"), Action.DDL, ORDERS)).outcome())
        .isEqualTo(Outcome.NEWLY_REFUSED);
    assertThat(simulation.report().notes())
        .singleElement()
        .asString()
        .contains("run-time grant 'orders-v2'")
        .contains("left out");
  }

  @Test
  void anInvalidCandidateIsRefusedBeforeAnythingIsReplayed() {
    GrantConfig noSubject =
        new GrantConfig(
            "nobody", null, "orders-db", List.of(), List.of(), List.of(), null, null, null, null);
    assertThatThrownBy(() -> Simulation.against(List.of(noSubject)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void outcomesFollowFromTheKindsAlone() {
    for (Verdict.Kind was : Verdict.Kind.values()) {
      for (Verdict.Kind now : Verdict.Kind.values()) {
        Outcome outcome = Outcome.of(was, now);
        assertThat(outcome.isChange()).isEqualTo(was != now);
      }
    }
    assertThat(Stream.of(Outcome.values()).map(Outcome::label).distinct()).hasSize(9);
    assertThat(Stream.of(Outcome.values()).sorted(Comparator.naturalOrder()).findFirst())
        .contains(Outcome.UNCHANGED);
  }
}
