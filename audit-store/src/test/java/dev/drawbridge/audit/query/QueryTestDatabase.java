package dev.drawbridge.audit.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * This package's own test database, {@value #NAME}: schema {@code audit} dropped and migrated
 * afresh, and rows written as the shipper writes them (events, then chain heads and sessions
 * computed from them in SQL).
 */
public final class QueryTestDatabase {

  static final String NAME = "audit_query_it";

  /** The fields the shipper copies into columns of audit.events, in column order. */
  private static final List<String> COPIED =
      List.of("session", "agent", "connection", "operation", "action", "decision");

  private QueryTestDatabase() {}

  static PGSimpleDataSource fresh(TestPostgres.Server pg) throws SQLException {
    return fresh(pg, NAME);
  }

  /** {@code name}, created when missing, with schema audit dropped and migrated afresh. */
  public static PGSimpleDataSource fresh(TestPostgres.Server pg, String name) throws SQLException {
    try (Connection admin = pg.connect();
        PreparedStatement exists =
            admin.prepareStatement("select 1 from pg_database where datname = ?")) {
      exists.setString(1, name);
      try (ResultSet row = exists.executeQuery()) {
        if (!row.next()) {
          try (Statement create = admin.createStatement()) {
            create.execute("create database " + name);
          }
        }
      }
    }
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL("jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + name);
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
  public static void ship(PGSimpleDataSource dataSource, Collection<AuditRecord> records)
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

  /** Runs one statement, answering the rows it changed. */
  public static int execute(PGSimpleDataSource dataSource, String sql, Object... params)
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
