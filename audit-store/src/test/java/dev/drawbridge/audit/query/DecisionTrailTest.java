package dev.drawbridge.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.config.AuditFailurePolicy;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.LimitsConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.model.Resource;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.core.model.TimeOrderedIds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations read back from a journal written by the real sink are what was decided: the same
 * action, resources, decision and identity; what cannot be read back exactly says why.
 */
class DecisionTrailTest {

  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

  @TempDir Path dir;

  @Test
  void operationsComeBackAsTheyWereDecidedWithTheirSessionsIdentity() throws Exception {
    SessionInfo session = Trails.session("report-bot", "orders-db", T0);
    List<Resource> resources =
        List.of(
            new Resource.Table("public", "orders", List.of("id", "total")),
            new Resource.Table("public", "a table", List.of()),
            new Resource.Function("", "now"),
            new Resource.Function("billing", "refund"),
            new Resource.Path("GET", "/orders/1"),
            new Resource.Command(List.of("ls", "-la")),
            new Resource.File("/etc/hosts"));
    List<AuditEvent> events =
        List.of(
            new AuditEvent.SessionStart(TimeOrderedIds.next(), T0, session),
            decided(session, 1, T0, Action.CONNECT, List.of(), new Decision.Allow("reads")),
            decided(
                session, 2, T0.plusSeconds(1), Action.READ, resources, new Decision.Allow("reads")),
            decided(
                session,
                3,
                T0.plusSeconds(2),
                Action.WRITE,
                resources.subList(0, 1),
                new Decision.Review("writes", "write on public.orders needs approval")),
            decided(
                session,
                4,
                T0.plusSeconds(3),
                Action.DDL,
                List.of(),
                new Decision.Deny("needs ddl; grant 'reads' allows read only", "ask")),
            decided(
                session,
                5,
                T0.plusSeconds(4),
                Action.READ,
                List.of(new Resource.Table("public", "x".repeat(600), List.of())),
                new Decision.Allow("reads")),
            decided(
                session,
                6,
                T0.plusSeconds(5),
                Action.READ,
                List.of(new Resource.Table("odd.schema", "t", List.of())),
                new Decision.Allow("reads")));
    write(events);

    List<DecidedOperation> read = read(TimeWindow.ALL, Set.of(), Set.of());

    assertThat(read).hasSize(6);
    DecidedOperation connect = read.get(0);
    assertThat(connect.action()).isEqualTo(Action.CONNECT);
    assertThat(connect.verb()).isEqualTo("CONNECT");
    assertThat(connect.identity().groups()).containsExactly("analysts");
    assertThat(connect.identity().agent()).isEqualTo("report-bot");
    DecidedOperation reads = read.get(1);
    assertThat(reads.unreadable()).isNull();
    assertThat(reads.resources()).isEqualTo(resources);
    assertThat(reads.decision()).isEqualTo("allow");
    assertThat(reads.grant()).isEqualTo("reads");
    assertThat(reads.sequence()).isEqualTo(2);
    assertThat(reads.session()).isEqualTo(session.id().value());
    assertThat(read.get(2).decision()).isEqualTo("review");
    assertThat(read.get(2).grant()).isEqualTo("writes");
    assertThat(read.get(3).decision()).isEqualTo("deny");
    assertThat(read.get(3).reason()).isEqualTo("needs ddl; grant 'reads' allows read only");
    assertThat(read.get(4).unreadable()).isEqualTo("a name was cut at 512 characters");
    assertThat(read.get(5).unreadable()).contains("more than one dot");

    assertThat(read(new TimeWindow(T0.plusSeconds(1), T0.plusSeconds(3)), Set.of(), Set.of()))
        .extracting(DecidedOperation::sequence)
        .containsExactly(2L, 3L);
    assertThat(read(TimeWindow.ALL, Set.of("someone-else"), Set.of())).isEmpty();
    assertThat(read(TimeWindow.ALL, Set.of("report-bot"), Set.of("billing-db"))).isEmpty();
  }

  @Test
  void aRefusedConnectHasNoIdentity() throws Exception {
    SessionInfo session = Trails.session("stranger", "orders-db", T0);
    write(
        List.of(
            decided(
                session,
                1,
                T0,
                Action.CONNECT,
                List.of(),
                new Decision.Deny("no grant lets agent 'stranger' connect to 'orders-db'", ""))));
    DecidedOperation refused = read(TimeWindow.ALL, Set.of(), Set.of()).getFirst();
    assertThat(refused.unreadable()).isNull();
    assertThat(refused.identity()).isNull();
    assertThat(refused.agent()).isEqualTo("stranger");
  }

  @Test
  void runTimeGrantsComeBackWholeWithTheirRevocations() throws Exception {
    GrantConfig grant =
        new GrantConfig(
            "tmp-1",
            new SubjectConfig("report-bot", null),
            "orders-db",
            List.of(new RuleConfig(List.of("write"), List.of("public.orders"), List.of("status"))),
            List.of(
                new RuleConfig(
                    List.of("ddl"), List.of("public.*"), List.of(), Duration.ofSeconds(30))),
            List.of(new RuleConfig(List.of("read"), List.of("public.customers"), List.of("ssn"))),
            new LimitsConfig(100),
            "alice@example.com",
            "INC-42",
            null);
    Instant lapses = T0.plusSeconds(7200);
    write(
        List.of(
            new AuditEvent.GrantCreated(TimeOrderedIds.next(), T0, grant, lapses, "alice", "a-1"),
            new AuditEvent.GrantRevoked(
                TimeOrderedIds.next(), T0.plusSeconds(60), "tmp-1", "bob", "done"),
            new AuditEvent.GrantCreated(
                TimeOrderedIds.next(), T0.plusSeconds(120), grant, lapses, "alice", "a-2")));

    List<RunTimeGrantRecord> grants =
        DecisionTrail.of(new JournalRecordSource(dir)).runTimeGrants(null);

    assertThat(grants).hasSize(2);
    assertThat(grants.get(0).grant()).isEqualTo(grant);
    assertThat(grants.get(0).expiresAt()).isEqualTo(lapses);
    assertThat(grants.get(0).revokedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(grants.get(1).createdAt()).isEqualTo(T0.plusSeconds(120));
    assertThat(grants.get(1).revokedAt()).isNull();
    assertThat(DecisionTrail.of(new JournalRecordSource(dir)).runTimeGrants(T0.plusSeconds(90)))
        .singleElement()
        .extracting(RunTimeGrantRecord::revokedAt)
        .isEqualTo(T0.plusSeconds(60));
  }

  private static AuditEvent decided(
      SessionInfo session,
      long sequence,
      Instant time,
      Action action,
      List<Resource> resources,
      Decision decision) {
    return new AuditEvent.OperationDecided(
        TimeOrderedIds.next(),
        time,
        new Operation(
            session, sequence, action, action.name(), resources, "statement " + sequence, 0L),
        decision);
  }

  private void write(List<AuditEvent> events) throws Exception {
    try (Journal journal =
        Journal.open(new Journal.Options(dir, 1 << 20, 1 << 24, Duration.ofMillis(20), 1))) {
      JournalAuditSink sink =
          JournalAuditSink.start(
              journal,
              AuditFailurePolicy.FAIL_CLOSED,
              Clock.systemUTC(),
              new SimpleMeterRegistry(),
              "gw",
              "1");
      events.forEach(sink::record);
    }
  }

  private List<DecidedOperation> read(
      TimeWindow window, Set<String> agents, Set<String> connections) throws AuditQueryException {
    List<DecidedOperation> read = new ArrayList<>();
    DecisionTrail.of(new JournalRecordSource(dir))
        .operations(window, agents, connections, read::add);
    read.sort(java.util.Comparator.comparing(DecidedOperation::time));
    return read;
  }
}
