package dev.drawbridge.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.query.ChainProblem.Fault;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

  private final Trails.Chain chain =
      Trails.session(
          Trails.session("report-bot", "orders-db", Instant.parse("2026-03-01T10:00:00Z")), 4);
  private final List<StoredEvent> events = Trails.stored(chain.records());

  private static List<ChainProblem> verify(List<StoredEvent> events) {
    return verify(TimeWindow.ALL, events, Optional.empty(), Optional.empty());
  }

  private static List<ChainProblem> verify(
      TimeWindow window,
      List<StoredEvent> events,
      Optional<StoredEvent> before,
      Optional<ChainHead> head) {
    UUID chain = events.isEmpty() ? head.orElseThrow().chain() : events.getFirst().chain();
    return new ChainVerifier(window)
        .verify(new ChainSlice(chain, events, before, head, head.isPresent()));
  }

  @Test
  void aChainWhoseHeadRowWasRemovedIsNamed() {
    List<ChainProblem> problems =
        new ChainVerifier(TimeWindow.ALL)
            .verify(
                new ChainSlice(
                    events.getFirst().chain(), events, Optional.empty(), Optional.empty(), true));
    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.fault()).isEqualTo(ChainProblem.Fault.MISSING);
              assertThat(p.detail()).contains("no head in audit.chains");
            });
  }

  private ChainHead head(List<StoredEvent> of) {
    StoredEvent last = of.getLast();
    return new ChainHead(
        chain.id(),
        ChainKind.SESSION,
        of.getFirst().time(),
        last.time(),
        last.seq(),
        last.hash(),
        of.size());
  }

  private List<StoredEvent> replaced(int index, StoredEvent event) {
    List<StoredEvent> copy = new ArrayList<>(events);
    copy.set(index, event);
    return copy;
  }

  private List<StoredEvent> without(int index) {
    List<StoredEvent> copy = new ArrayList<>(events);
    copy.remove(index);
    return copy;
  }

  @Test
  void aCleanChainPasses() {
    assertThat(events).hasSizeGreaterThan(6);
    assertThat(verify(events)).isEmpty();
    assertThat(verify(TimeWindow.ALL, events, Optional.empty(), Optional.of(head(events))))
        .isEmpty();
  }

  @Test
  void anAlteredRecordIsNamedAtItsSeq() {
    // seq 4: the second operation
    StoredEvent operation = events.get(3);
    assertThat(operation.type()).isEqualTo("operation");
    List<StoredEvent> altered =
        replaced(3, Trails.withRecord(operation, r -> r.replace("orders-read", "orders-admin")));

    List<ChainProblem> problems = verify(altered);

    assertThat(problems).hasSize(1);
    ChainProblem problem = problems.getFirst();
    assertThat(problem.seq()).isEqualTo(4);
    assertThat(problem.fault()).isEqualTo(Fault.ALTERED);
    assertThat(problem.kind()).isEqualTo(ChainKind.SESSION);
    assertThat(problem.describe())
        .startsWith("session " + chain.id() + ": seq 4: altered: ")
        .contains("the record or its hash was changed");
  }

  @Test
  void aRecordRewrittenWithItsHashIsCaughtByTheNextLink() {
    List<StoredEvent> altered =
        replaced(3, Trails.rewritten(events.get(3), r -> r.replace("orders-read", "orders-admin")));

    List<ChainProblem> problems = verify(altered);

    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.seq()).isEqualTo(4);
              assertThat(p.fault()).isEqualTo(Fault.ALTERED);
              assertThat(p.detail()).contains("seq 5 names");
            });
  }

  @Test
  void anAlteredHashIsNamedAtItsSeq() {
    StoredEvent second = events.get(1);
    StoredEvent forged =
        new StoredEvent(
            second.id(),
            second.time(),
            second.chain(),
            second.seq(),
            second.type(),
            second.prevHash(),
            "0".repeat(64),
            second.record(),
            second.copied());

    assertThat(verify(replaced(1, forged)))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.seq()).isEqualTo(2);
              assertThat(p.fault()).isEqualTo(Fault.ALTERED);
            });
  }

  @Test
  void aColumnThatDisagreesWithItsRecordIsAltered() {
    StoredEvent fourth = events.get(3);
    StoredEvent moved =
        new StoredEvent(
            fourth.id(),
            fourth.time().plusSeconds(3600),
            fourth.chain(),
            fourth.seq(),
            fourth.type(),
            fourth.prevHash(),
            fourth.hash(),
            fourth.record(),
            fourth.copied());

    assertThat(verify(replaced(3, moved)))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.seq()).isEqualTo(4);
              assertThat(p.fault()).isEqualTo(Fault.ALTERED);
              assertThat(p.detail()).startsWith("column time holds");
            });
  }

  @Test
  void aCopiedColumnThatDisagreesWithItsRecordIsAltered() {
    StoredEvent operation = events.get(3);
    CopiedColumns copied = operation.copied();
    assertThat(copied.agent()).isEqualTo("report-bot");
    assertThat(copied.operation()).isEqualTo("2");
    StoredEvent relabelled =
        new StoredEvent(
            operation.id(),
            operation.time(),
            operation.chain(),
            operation.seq(),
            operation.type(),
            operation.prevHash(),
            operation.hash(),
            operation.record(),
            new CopiedColumns(
                copied.session(),
                "someone-else",
                copied.connection(),
                copied.operation(),
                copied.action(),
                copied.decision()));

    assertThat(verify(replaced(3, relabelled)))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.seq()).isEqualTo(4);
              assertThat(p.fault()).isEqualTo(Fault.ALTERED);
              assertThat(p.detail())
                  .isEqualTo("column agent holds someone-else but the record says report-bot");
            });
  }

  @Test
  void aDeletedMiddleEventIsMissing() {
    assertThat(verify(without(3)))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.seq()).isEqualTo(4);
              assertThat(p.fault()).isEqualTo(Fault.MISSING);
              assertThat(p.detail()).isEqualTo("seq 4 is not stored");
            });
  }

  @Test
  void aDeletedFirstEventIsMissing() {
    assertThat(verify(without(0)))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.seq()).isEqualTo(1);
              assertThat(p.fault()).isEqualTo(Fault.MISSING);
            });
  }

  @Test
  void aDeletedLastEventIsMissingAgainstTheChainsHead() {
    List<StoredEvent> shortened = without(events.size() - 1);

    assertThat(verify(shortened)).as("without a head nothing tells").isEmpty();
    assertThat(verify(TimeWindow.ALL, shortened, Optional.empty(), Optional.of(head(events))))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.seq()).isEqualTo(events.size());
              assertThat(p.fault()).isEqualTo(Fault.MISSING);
              assertThat(p.detail()).contains("audit.chains");
            });
  }

  @Test
  void aHeadNamingAnotherLastHashIsAltered() {
    ChainHead head = head(events);
    ChainHead forged =
        new ChainHead(
            head.chain(),
            head.kind(),
            head.firstTime(),
            head.lastTime(),
            head.lastSeq(),
            "f".repeat(64),
            head.events());
    assertThat(verify(TimeWindow.ALL, events, Optional.empty(), Optional.of(forged)))
        .singleElement()
        .extracting(ChainProblem::fault)
        .isEqualTo(Fault.ALTERED);
  }

  @Test
  void swappedPositionsAreReordered() {
    StoredEvent third = events.get(2);
    StoredEvent fourth = events.get(3);
    List<StoredEvent> swapped = new ArrayList<>(events);
    swapped.set(2, at(fourth, 3));
    swapped.set(3, at(third, 4));

    List<ChainProblem> problems = verify(swapped);

    assertThat(problems).extracting(ChainProblem::seq).containsExactly(3L, 4L);
    assertThat(problems).extracting(ChainProblem::fault).containsOnly(Fault.REORDERED);
    assertThat(problems.getFirst().detail()).isEqualTo("stored at seq 3 but its record says seq 4");
  }

  @Test
  void aSecondEventAtOnePositionIsExtra() {
    List<StoredEvent> doubled = new ArrayList<>(events);
    doubled.add(2, events.get(2));

    assertThat(verify(doubled))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.seq()).isEqualTo(3);
              assertThat(p.fault()).isEqualTo(Fault.EXTRA);
            });
  }

  @Test
  void aWindowStartingMidChainLinksToTheEventBeforeIt() {
    TimeWindow window = TimeWindow.since(events.get(4).time());
    List<StoredEvent> inWindow = events.subList(4, events.size());

    assertThat(verify(window, inWindow, Optional.of(events.get(3)), Optional.of(head(events))))
        .isEmpty();
    assertThat(verify(window, inWindow, Optional.empty(), Optional.empty()))
        .as("nothing stored before the window: nothing to link to")
        .isEmpty();
    assertThat(verify(window, inWindow, Optional.of(events.get(2)), Optional.empty()))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.seq()).isEqualTo(4);
              assertThat(p.fault()).isEqualTo(Fault.MISSING);
            });
    StoredEvent rewrittenBefore =
        Trails.rewritten(events.get(3), r -> r.replace("orders-read", "orders-admin"));
    assertThat(verify(window, inWindow, Optional.of(rewrittenBefore), Optional.empty()))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.seq()).isEqualTo(4);
              assertThat(p.fault()).isEqualTo(Fault.ALTERED);
            });
  }

  @Test
  void aChainThatStartedInTheWindowMustStartAtOne() {
    TimeWindow window = TimeWindow.since(events.getFirst().time());
    List<StoredEvent> shortened = without(0);
    assertThat(verify(window, shortened, Optional.empty(), Optional.of(head(events))))
        .singleElement()
        .satisfies(p -> assertThat(p.fault()).isEqualTo(Fault.MISSING));
  }

  @Test
  void aHeadWithNoEventsLeftIsMissing() {
    assertThat(verify(TimeWindow.ALL, List.of(), Optional.empty(), Optional.of(head(events))))
        .singleElement()
        .satisfies(p -> assertThat(p.fault()).isEqualTo(Fault.MISSING));
  }

  @Test
  void aGatewayRunsChainIsNamedSo() {
    List<StoredEvent> run =
        new ArrayList<>(
            Trails.stored(Trails.gatewayRun(Instant.parse("2026-03-01T09:00:00Z"), 2).records()));
    run.remove(1);
    assertThat(verify(run))
        .singleElement()
        .satisfies(
            p -> assertThat(p.describe()).startsWith("gateway run " + run.getFirst().chain()));
  }

  @Test
  void anUnparsableRecordIsAltered() {
    assertThat(verify(replaced(1, Trails.withRecord(events.get(1), r -> r.substring(5)))))
        .extracting(ChainProblem::fault)
        .containsOnly(Fault.ALTERED)
        .hasSize(2);
  }

  private static StoredEvent at(StoredEvent event, long seq) {
    return new StoredEvent(
        event.id(),
        event.time(),
        event.chain(),
        seq,
        event.type(),
        event.prevHash(),
        event.hash(),
        event.record(),
        event.copied());
  }
}
