package dev.drawbridge.audit.query;

import dev.drawbridge.audit.record.AuditRecord;
import dev.drawbridge.audit.record.CanonicalEncoding;
import dev.drawbridge.audit.record.ChainLink;
import dev.drawbridge.audit.record.Hashes;
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
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Real canonical records, chained as the sink chains them, for tests. */
final class Trails {

  private Trails() {}

  /** A chain being written: each event gets the next position and the hash of the one before. */
  static final class Chain {
    private final UUID id;
    private final List<AuditRecord> records = new ArrayList<>();

    Chain(UUID id) {
      this.id = id;
    }

    Chain add(AuditEvent event) {
      AuditRecord last = records.isEmpty() ? null : records.getLast();
      ChainLink link =
          new ChainLink(id, last == null ? 1 : last.seq() + 1, last == null ? null : last.hash());
      try {
        records.add(AuditRecord.parse(CanonicalEncoding.encode(event, link)));
      } catch (AuditRecord.MalformedRecordException e) {
        throw new IllegalStateException(e);
      }
      return this;
    }

    UUID id() {
      return id;
    }

    List<AuditRecord> records() {
      return List.copyOf(records);
    }
  }

  static SessionInfo session(String agent, String connection, Instant startedAt) {
    return new SessionInfo(
        SessionId.next(),
        Protocol.POSTGRES,
        connection,
        new Identity(
            "sub-" + agent,
            agent,
            Set.of("analysts"),
            "https://idp.example.com",
            AuthMethod.JWT,
            null),
        new InetSocketAddress("10.1.2.3", 40000),
        startedAt);
  }

  /**
   * A whole session: its start, {@code operations} statements (every third denied) each followed by
   * its result when allowed, and its end, one second apart from {@code start}.
   */
  static Chain session(SessionInfo session, int operations) {
    Instant time = session.startedAt().truncatedTo(ChronoUnit.MICROS);
    Chain chain = new Chain(session.id().value());
    chain.add(new AuditEvent.SessionStart(TimeOrderedIds.next(), time, session));
    for (int op = 1; op <= operations; op++) {
      time = time.plusSeconds(1);
      boolean denied = op % 3 == 0;
      chain.add(operation(session, op, time, denied));
      if (!denied) {
        time = time.plusMillis(5);
        chain.add(
            new AuditEvent.OperationResult(
                TimeOrderedIds.next(), time, session.id(), op, op, Duration.ofMillis(3), "00000"));
      }
    }
    chain.add(
        new AuditEvent.SessionEnd(
            TimeOrderedIds.next(),
            time.plusSeconds(1),
            session.id(),
            Duration.ofSeconds(operations + 1),
            1200,
            3400,
            "client closed"));
    return chain;
  }

  static AuditEvent operation(SessionInfo session, long op, Instant time, boolean denied) {
    Operation operation =
        new Operation(
            session,
            op,
            denied ? Action.WRITE : Action.READ,
            denied ? "DELETE" : "SELECT",
            List.of(new Resource.Table("public", "orders", List.of("id", "total"))),
            denied
                ? "delete from orders where id = " + op
                : "select id, total from orders -- " + op,
            System.nanoTime());
    Decision decision =
        denied
            ? new Decision.Deny("no grant allows write on public.orders", "ask for orders-write")
            : new Decision.Allow("orders-read");
    return new AuditEvent.OperationDecided(TimeOrderedIds.next(), time, operation, decision);
  }

  /** A gateway run's chain: its start and failed authentications. */
  static Chain gatewayRun(Instant time, int failures) {
    Chain chain = new Chain(TimeOrderedIds.next());
    chain.add(
        new AuditEvent.GatewayStart(
            TimeOrderedIds.next(), time.truncatedTo(ChronoUnit.MICROS), "gw-1", "0.1.0", "fresh"));
    for (int i = 1; i <= failures; i++) {
      chain.add(
          new AuditEvent.AuthFailure(
              TimeOrderedIds.next(),
              time.plusSeconds(i).truncatedTo(ChronoUnit.MICROS),
              Protocol.POSTGRES,
              "orders-db",
              "mallory",
              new InetSocketAddress("10.9.9.9", 5555),
              "token signature invalid"));
    }
    return chain;
  }

  static List<StoredEvent> stored(List<AuditRecord> records) {
    return records.stream().map(StoredEvent::of).toList();
  }

  /** The event with its record text changed by {@code edit}, its stored hash kept. */
  static StoredEvent withRecord(StoredEvent event, UnaryOperator<String> edit) {
    return new StoredEvent(
        event.id(),
        event.time(),
        event.chain(),
        event.seq(),
        event.type(),
        event.prevHash(),
        event.hash(),
        edit.apply(event.record()),
        event.copied());
  }

  /** The event with its record changed and its stored hash made to match. */
  static StoredEvent rewritten(StoredEvent event, UnaryOperator<String> edit) {
    String record = edit.apply(event.record());
    return new StoredEvent(
        event.id(),
        event.time(),
        event.chain(),
        event.seq(),
        event.type(),
        event.prevHash(),
        Hashes.sha256(record.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        record,
        event.copied());
  }
}
