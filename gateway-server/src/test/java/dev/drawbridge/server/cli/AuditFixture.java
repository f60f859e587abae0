package dev.drawbridge.server.cli;

import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.audit.journal.SegmentFiles;
import dev.drawbridge.audit.journal.SegmentScanner;
import dev.drawbridge.audit.query.QueryTestDatabase;
import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.config.AuditFailurePolicy;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.model.Protocol;
import dev.drawbridge.core.model.Resource;
import dev.drawbridge.core.model.SessionId;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.core.model.TimeOrderedIds;
import dev.drawbridge.testing.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An audit trail for the {@code audit} commands: written to a journal by the real sink, and shipped
 * to the test database {@value #DATABASE} the way the shipper ships it (events, then chain heads
 * and sessions computed from them).
 */
final class AuditFixture {

  static final String DATABASE = "audit_cli_it";

  /** An operation's statement, over several lines as people write them. */
  static final String STATEMENT = "select id,\n       total\n  from public.orders\n where id = 1";

  private AuditFixture() {}

  /**
   * A record in a journal segment.
   *
   * @param record the record
   * @param segment its segment's number
   * @param end the offset just past it
   */
  record Entry(AuditRecord record, long segment, long end) {}

  static Journal open(Path dir) throws IOException {
    return Journal.open(new Journal.Options(dir, 1 << 20, 1 << 24, Duration.ofMillis(20), 1));
  }

  static JournalAuditSink sink(Journal journal) {
    return JournalAuditSink.start(
        journal,
        AuditFailurePolicy.FAIL_CLOSED,
        Clock.systemUTC(),
        new SimpleMeterRegistry(),
        "cli-test",
        "0.0.1");
  }

  static SessionInfo session(String agent, String connection) {
    return new SessionInfo(
        SessionId.next(),
        Protocol.POSTGRES,
        connection,
        new Identity("sub-" + agent, agent, Set.of("analysts"), "drawbridge", AuthMethod.JWT, null),
        new InetSocketAddress("10.1.2.3", 40000),
        Instant.now());
  }

  /**
   * A session's start, {@code operations} operations (the second a denied write, the third held for
   * review, the others allowed reads with their results) and, when {@code end}, its end.
   */
  static void session(JournalAuditSink sink, SessionInfo session, int operations, boolean end) {
    sink.record(new AuditEvent.SessionStart(TimeOrderedIds.next(), Instant.now(), session));
    for (int op = 1; op <= operations; op++) {
      sink.record(operation(session, op));
      if (op != 2 && op != 3) {
        sink.record(
            new AuditEvent.OperationResult(
                TimeOrderedIds.next(),
                Instant.now(),
                session.id(),
                op,
                1,
                Duration.ofNanos(2_500_000),
                "00000"));
      }
    }
    if (end) {
      sink.record(
          new AuditEvent.SessionEnd(
              TimeOrderedIds.next(),
              Instant.now(),
              session.id(),
              Duration.ofSeconds(3),
              1200,
              3400,
              "client closed"));
    }
  }

  static AuditEvent operation(SessionInfo session, long op) {
    Decision decision =
        switch ((int) op) {
          case 2 ->
              new Decision.Deny("no grant allows write on public.orders", "ask for orders-write");
          case 3 -> new Decision.Review("orders-refunds", "refunds need a human");
          default -> new Decision.Allow("orders-read");
        };
    boolean write = op == 2 || op == 3;
    return new AuditEvent.OperationDecided(
        TimeOrderedIds.next(),
        Instant.now(),
        new Operation(
            session,
            op,
            write ? Action.WRITE : Action.READ,
            write ? "UPDATE" : "SELECT",
            List.of(new Resource.Table("public", "orders", List.of("id", "total"))),
            write ? "update orders set total = 0 where id = " + op : STATEMENT,
            System.nanoTime()),
        decision);
  }

  static AuditEvent authFailure() {
    return new AuditEvent.AuthFailure(
        TimeOrderedIds.next(),
        Instant.now(),
        Protocol.POSTGRES,
        "orders-db",
        "mallory",
        new InetSocketAddress("10.9.9.9", 5555),
        "token signature invalid");
  }

  /** Every record of the journal in {@code dir}, segment by segment. */
  static List<Entry> entries(Path dir) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (Path segment : SegmentFiles.list(dir)) {
      String name = segment.getFileName().toString();
      long number = Long.parseLong(name.substring("segment-".length(), name.indexOf('.')));
      SegmentScanner.scan(
          segment,
          0,
          Long.MAX_VALUE,
          (bytes, next) -> {
            try {
              entries.add(new Entry(AuditRecord.parse(bytes), number, next));
            } catch (AuditRecord.MalformedRecordException e) {
              throw new IOException(e);
            }
          });
    }
    return entries;
  }

  static List<AuditRecord> records(Path dir) throws IOException {
    return entries(dir).stream().map(Entry::record).toList();
  }

  /** A configuration reading {@code journal} and, when {@code pg} is given, the test database. */
  static Path config(Path dir, Path journal, TestPostgres.Server pg, String password)
      throws IOException {
    StringBuilder yaml = new StringBuilder("audit: { journal: \"" + journal + "\" }\n");
    if (pg != null) {
      Path secret = Files.writeString(dir.resolve("db.password"), password);
      yaml.append("store:\n")
          .append("  postgres:\n")
          .append("    url: \"jdbc:postgresql://")
          .append(pg.host())
          .append(':')
          .append(pg.port())
          .append('/')
          .append(DATABASE)
          .append("\"\n")
          .append("    username: ")
          .append(pg.user())
          .append('\n')
          .append("    password: \"${file:")
          .append(secret)
          .append("}\"\n");
    }
    return Files.writeString(dir.resolve("drawbridge.yaml"), yaml);
  }

  /** {@value #DATABASE}, created when missing, with schema audit dropped and migrated afresh. */
  static PGSimpleDataSource freshDatabase(TestPostgres.Server pg) throws SQLException {
    return QueryTestDatabase.fresh(pg, DATABASE);
  }

  /** Stores the records as the shipper does (see {@link QueryTestDatabase#ship}). */
  static void ship(PGSimpleDataSource dataSource, Collection<AuditRecord> records)
      throws SQLException {
    QueryTestDatabase.ship(dataSource, records);
  }

  static int execute(PGSimpleDataSource dataSource, String sql, Object... params)
      throws SQLException {
    return QueryTestDatabase.execute(dataSource, sql, params);
  }
}
