package dev.drawbridge.audit.store;

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
import java.util.List;
import java.util.Set;

/** Audit events as the gateway records them, for the shipper's tests. */
final class Events {

  private Events() {}

  static SessionInfo session(String agent) {
    return new SessionInfo(
        SessionId.next(),
        Protocol.POSTGRES,
        "orders-db",
        new Identity(
            "sub-" + agent, agent, Set.of("analysts"), "https://idp", AuthMethod.JWT, null),
        new InetSocketAddress("10.1.2.3", 40000),
        Instant.now());
  }

  static AuditEvent start(SessionInfo session) {
    return new AuditEvent.SessionStart(TimeOrderedIds.next(), Instant.now(), session);
  }

  static AuditEvent operation(SessionInfo session, long sequence, Decision decision) {
    return new AuditEvent.OperationDecided(
        TimeOrderedIds.next(),
        Instant.now(),
        new Operation(
            session,
            sequence,
            Action.READ,
            "SELECT",
            List.of(new Resource.Table("public", "orders", List.of("id", "total"))),
            "select id, total from orders where id = " + sequence,
            System.nanoTime()),
        decision);
  }

  static AuditEvent allowed(SessionInfo session, long sequence) {
    return operation(session, sequence, new Decision.Allow("orders-read"));
  }

  static AuditEvent result(SessionInfo session, long sequence, long rows) {
    return new AuditEvent.OperationResult(
        TimeOrderedIds.next(),
        Instant.now(),
        session.id(),
        sequence,
        rows,
        Duration.ofNanos(1_500_000),
        "00000");
  }

  static AuditEvent end(SessionInfo session) {
    return new AuditEvent.SessionEnd(
        TimeOrderedIds.next(),
        Instant.now(),
        session.id(),
        Duration.ofMillis(1500),
        1234,
        5678,
        "client closed");
  }

  static AuditEvent authFailure(Instant time) {
    return new AuditEvent.AuthFailure(
        TimeOrderedIds.next(),
        time,
        Protocol.POSTGRES,
        "orders-db",
        "mallory",
        new InetSocketAddress("10.0.0.9", 5555),
        "token signature invalid");
  }
}
