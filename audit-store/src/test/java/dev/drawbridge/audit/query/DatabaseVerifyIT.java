package dev.drawbridge.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.query.ChainProblem.Fault;
import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.testing.TestPostgres;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/** Verification of what the database holds, after it was tampered with in SQL. */
@ExtendWith(TestPostgres.class)
class DatabaseVerifyIT {

  private PGSimpleDataSource db;
  private DatabaseRecordSource source;
  private Trails.Chain a;
  private Trails.Chain b;
  private Trails.Chain c;
  private long total;

  @BeforeEach
  void ship(TestPostgres.Server pg) throws Exception {
    db = QueryTestDatabase.fresh(pg);
    source = new DatabaseRecordSource(db);
    Instant base = Instant.now().minus(2, ChronoUnit.HOURS);
    a = Trails.session(Trails.session("report-bot", "orders-db", base), 5);
    b = Trails.session(Trails.session("report-bot", "billing-db", base.plusSeconds(30)), 4);
    c = Trails.session(Trails.session("etl-bot", "orders-db", base.plusSeconds(60)), 3);
    Trails.Chain run = Trails.gatewayRun(base.minusSeconds(5), 2);
    List<AuditRecord> all = new ArrayList<>();
    for (Trails.Chain chain : List.of(a, b, c, run)) {
      all.addAll(chain.records());
    }
    total = all.size();
    QueryTestDatabase.ship(db, all);
  }

  @Test
  void aCleanTrailVerifies() throws Exception {
    Verification verification = Verification.of(source, TimeWindow.ALL);

    assertThat(verification.problems()).isEmpty();
    assertThat(verification.clean()).isTrue();
    assertThat(verification.chains()).isEqualTo(4);
    assertThat(verification.events()).isEqualTo(total);
    assertThat(verification.source()).isEqualTo("database");
  }

  @Test
  void anUpdatedRecordAndADeletedRowAreNamedBySessionAndSeq() throws Exception {
    assertThat(
            QueryTestDatabase.execute(
                db,
                "update audit.events set record = replace(record, 'orders-read', 'orders-admin')"
                    + " where chain = ? and seq = 4",
                a.id()))
        .isOne();
    assertThat(
            QueryTestDatabase.execute(
                db, "delete from audit.events where chain = ? and seq = 3", b.id()))
        .isOne();

    Verification verification = Verification.of(source, TimeWindow.ALL);

    assertThat(verification.clean()).isFalse();
    assertThat(verification.problems())
        .extracting(ChainProblem::chain, ChainProblem::seq, ChainProblem::fault)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(a.id(), 4L, Fault.ALTERED),
            org.assertj.core.groups.Tuple.tuple(b.id(), 3L, Fault.MISSING));
    assertThat(verification.problems())
        .extracting(ChainProblem::describe)
        .anySatisfy(line -> assertThat(line).startsWith("session " + a.id() + ": seq 4: altered"))
        .anySatisfy(line -> assertThat(line).startsWith("session " + b.id() + ": seq 3: missing"));
  }

  @Test
  void aColumnChangedBehindItsRecordsBackIsAltered() throws Exception {
    QueryTestDatabase.execute(
        db, "update audit.events set decision = 'allow' where chain = ? and seq = 3", c.id());
    QueryTestDatabase.execute(
        db, "update audit.events set session_id = ? where chain = ? and seq = 2", b.id(), a.id());

    assertThat(Verification.of(source, TimeWindow.ALL).problems())
        .extracting(ChainProblem::describe)
        .containsExactlyInAnyOrder(
            "session "
                + a.id()
                + ": seq 2: altered: column session_id holds "
                + b.id()
                + " but the record says "
                + a.id(),
            "session "
                + c.id()
                + ": seq 3: altered: column decision holds allow but the record says (none)");
  }

  @Test
  void aDeletedLastEventIsCaughtByTheChainsHead() throws Exception {
    long last = c.records().getLast().seq();
    QueryTestDatabase.execute(
        db, "delete from audit.events where chain = ? and seq = ?", c.id(), last);

    assertThat(Verification.of(source, TimeWindow.ALL).problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.chain()).isEqualTo(c.id());
              assertThat(p.seq()).isEqualTo(last);
              assertThat(p.fault()).isEqualTo(Fault.MISSING);
            });
  }

  @Test
  void swappedPositionsAreReordered() throws Exception {
    QueryTestDatabase.execute(
        db,
        "update audit.events set seq = case seq when 3 then 4 else 3 end"
            + " where chain = ? and seq in (3, 4)",
        a.id());

    assertThat(Verification.of(source, TimeWindow.ALL).problems())
        .extracting(ChainProblem::chain, ChainProblem::seq, ChainProblem::fault)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(a.id(), 3L, Fault.REORDERED),
            org.assertj.core.groups.Tuple.tuple(a.id(), 4L, Fault.REORDERED));
  }

  @Test
  void aWindowStartingMidChainChecksTheLinkIntoIt() throws Exception {
    AuditRecord fifth = a.records().get(4);
    TimeWindow window = TimeWindow.since(fifth.time());

    Verification clean = Verification.of(source, window);
    assertThat(clean.problems()).isEmpty();
    assertThat(clean.events()).isLessThan(total);

    QueryTestDatabase.execute(db, "delete from audit.events where chain = ? and seq = 4", a.id());
    assertThat(Verification.of(source, window).problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.chain()).isEqualTo(a.id());
              assertThat(p.seq()).isEqualTo(4);
              assertThat(p.fault()).isEqualTo(Fault.MISSING);
            });
  }

  @Test
  void aRecordRewrittenWithItsHashInTheWindowsPredecessorIsAltered() throws Exception {
    AuditRecord fifth = a.records().get(4);
    QueryTestDatabase.execute(
        db,
        "update audit.events set record = replace(record, 'orders-read', 'orders-admin'),"
            + " hash = encode(sha256(convert_to(replace(record, 'orders-read', 'orders-admin'),"
            + " 'UTF8')), 'hex') where chain = ? and seq = 4",
        a.id());

    assertThat(Verification.of(source, TimeWindow.since(fifth.time())).problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.chain()).isEqualTo(a.id());
              assertThat(p.seq()).isEqualTo(4);
              assertThat(p.fault()).isEqualTo(Fault.ALTERED);
            });
  }

  @Test
  void aDeletedChainLeavesItsHead() throws Exception {
    UUID gone = b.id();
    QueryTestDatabase.execute(db, "delete from audit.events where chain = ?", gone);

    assertThat(Verification.of(source, TimeWindow.ALL).problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.chain()).isEqualTo(gone);
              assertThat(p.fault()).isEqualTo(Fault.MISSING);
              assertThat(p.kind()).isEqualTo(ChainKind.SESSION);
            });
  }
}
