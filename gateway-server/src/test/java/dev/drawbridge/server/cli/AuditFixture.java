package dev.drawbridge.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.audit.JournalAuditSink;
import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.audit.journal.SegmentFiles;
import dev.drawbridge.audit.journal.SegmentScanner;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An audit trail for the {@code audit} commands: written to a journal by the real sink, and shipped
 * to the test database {@value #DATABASE} the way the shipper ships it (events, then chain heads
 * and sessions computed from them).
 */
final class AuditFixture {

  static final String DATABASE = "audit_cli_it";

  /** The fields the shipper copies into columns of audit.events, in column order. */
  private static final List<String> COPIED =
      List.of("session", "agent", "connection", "operation", "action", "decision");

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
    try (Connection admin = pg.connect();
        PreparedStatement exists =
            admin.prepareStatement("select 1 from pg_database where datname = ?")) {
      exists.setString(1, DATABASE);
      try (ResultSet row = exists.executeQuery()) {
        if (!row.next()) {
          try (Statement create = admin.createStatement()) {
            create.execute("create database " + DATABASE);
          }
        }
      }
    }
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL("jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + DATABASE);
    dataSource.setUser(pg.user());
    dataSource.setPassword(pg.password());
    try (Connection connection = dataSource.getConnection();
        Statement drop = connection.createStatement()) {
      drop.execute("drop schema if exists audit cascade");
    }
    Flyway.configure()
        .dataSource(dataSource)
        .schemas("audit")
        .locations("classpath:db/audit")
        .load()
        .migrate();
    return dataSource;
  }

  /** Inserts the records' rows (skipping those already there), then rebuilds heads and sessions. */
  static void ship(PGSimpleDataSource dataSource, Collection<AuditRecord> records)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement partition =
              connection.prepareStatement("select audit.ensure_partition(?::date)");
          PreparedStatement insert =
              connection.prepareStatement(
                  "insert into audit.events (id, time, chain, seq, type, prev_hash, hash, record,"
                      + " session_id, agent, connection, operation, action, decision)"
                      + " values (?, ?, ?, ?, ?, ?, ?, ?, ?::uuid, ?, ?, ?::bigint, ?, ?)"
                      + " on conflict do nothing")) {
        for (AuditRecord record : records) {
          OffsetDateTime time = OffsetDateTime.ofInstant(record.time(), ZoneOffset.UTC);
          partition.setObject(1, time.toLocalDate());
          partition.execute();
          insert.setObject(1, record.id());
          insert.setObject(2, time);
          insert.setObject(3, record.chain());
          insert.setLong(4, record.seq());
          insert.setString(5, record.type());
          insert.setString(6, record.link().prev());
          insert.setString(7, record.hash());
          insert.setString(8, record.json());
          JsonNode body = record.tree();
          int column = 9;
          for (String field : COPIED) {
            JsonNode value = body.get(field);
            insert.setString(column++, value == null || value.isNull() ? null : value.asText());
          }
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            """
            insert into audit.chains (chain, kind, first_time, last_time, last_seq, last_hash, events)
            select chain,
                   case when bool_or(type = 'session.start') then 'session' else 'gateway' end,
                   min(time), max(time), max(seq), (array_agg(hash order by seq desc))[1], count(*)
            from audit.events group by chain
            on conflict (chain) do update set
              kind = excluded.kind, first_time = excluded.first_time,
              last_time = excluded.last_time, last_seq = excluded.last_seq,
              last_hash = excluded.last_hash, events = excluded.events
            """);
        statement.execute("delete from audit.sessions");
        statement.execute(
            """
            insert into audit.sessions (session_id, protocol, connection, agent, subject, issuer,
                                        client, started_at, ended_at, end_reason, operations, denied)
            select s.session_id, s.record::jsonb ->> 'protocol', s.connection, s.agent,
                   s.record::jsonb ->> 'subject', s.record::jsonb ->> 'issuer', s.record::jsonb ->> 'client', s.time,
                   e.time, e.record::jsonb ->> 'reason',
                   (select count(*) from audit.events o
                     where o.type = 'operation' and o.session_id = s.session_id),
                   (select count(*) from audit.events o
                     where o.type = 'operation' and o.session_id = s.session_id
                       and o.decision = 'deny')
            from audit.events s
            left join audit.events e on e.type = 'session.end' and e.session_id = s.session_id
            where s.type = 'session.start'
            """);
      }
      connection.commit();
    }
  }

  static int execute(PGSimpleDataSource dataSource, String sql, Object... params)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      return statement.executeUpdate();
    }
  }
}
