package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.ApprovalVerdict;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.core.model.TimeOrderedIds;
import dev.drawbridge.core.ports.AuditReceipt;
import dev.drawbridge.core.ports.AuditSink;
import dev.drawbridge.core.ports.PendingApproval;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's account for the audit sink: its start, each decided operation, and its end with
 * duration, bytes each way and the reason it ended. Used on the session's event loop only.
 */
final class SessionLedger {

  private static final Logger log = LoggerFactory.getLogger(SessionLedger.class);

  private final AuditSink audit;
  private final Clock clock;
  private final PgMetrics metrics;
  private SessionInfo session;
  private long bytesFromAgent;
  private long bytesToAgent;
  private long messagesFromAgent;
  private long messagesToAgent;
  private long unreportedFromAgent;
  private long unreportedToAgent;
  private long unreportedMessagesFromAgent;
  private long unreportedMessagesToAgent;
  private boolean ended;

  SessionLedger(AuditSink audit, Clock clock, PgMetrics metrics) {
    this.audit = audit;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Records the session's start; a receipt that refuses it means the session must not go on. */
  AuditReceipt started(SessionInfo info) {
    this.session = info;
    return record(new AuditEvent.SessionStart(TimeOrderedIds.next(), clock.instant(), info));
  }

  /** Records a decision; a receipt that refuses it means the operation must not go ahead. */
  AuditReceipt decided(Operation operation, Decision decision) {
    return record(
        new AuditEvent.OperationDecided(
            TimeOrderedIds.next(), clock.instant(), operation, decision));
  }

  /**
   * Records that an operation waits for an approval; a receipt that refuses it means it must not
   * wait (nor run).
   */
  AuditReceipt approvalRequested(
      Operation operation, PendingApproval pending, Decision.Review review) {
    return record(
        new AuditEvent.ApprovalRequested(
            TimeOrderedIds.next(),
            clock.instant(),
            session.id(),
            operation.sequence(),
            pending.id(),
            review.grantId(),
            review.reason(),
            pending.deadline()));
  }

  /**
   * Records the verdict on an operation that waited; a receipt that refuses it means an approved
   * operation must not run after all.
   */
  AuditReceipt approvalDecided(Operation operation, String approval, ApprovalVerdict verdict) {
    return record(
        new AuditEvent.ApprovalDecided(
            TimeOrderedIds.next(),
            clock.instant(),
            session.id(),
            operation.sequence(),
            approval,
            verdict));
  }

  /** Records what became of an operation that ran upstream. */
  void result(long operation, long rows, long nanos, String status) {
    if (session == null) {
      return;
    }
    record(
        new AuditEvent.OperationResult(
            TimeOrderedIds.next(),
            clock.instant(),
            session.id(),
            operation,
            rows,
            Duration.ofNanos(nanos),
            status));
  }

  void fromAgent(int bytes) {
    unreportedFromAgent += bytes;
    unreportedMessagesFromAgent++;
  }

  void toAgent(int bytes) {
    toAgent(bytes, 1);
  }

  void toAgent(int bytes, int messages) {
    unreportedToAgent += bytes;
    unreportedMessagesToAgent += messages;
  }

  /** Adds what was counted since the last call to the listener's meters. */
  void report() {
    if (unreportedFromAgent > 0) {
      metrics.fromAgent(unreportedFromAgent, unreportedMessagesFromAgent);
      bytesFromAgent += unreportedFromAgent;
      messagesFromAgent += unreportedMessagesFromAgent;
      unreportedFromAgent = 0;
      unreportedMessagesFromAgent = 0;
    }
    if (unreportedToAgent > 0) {
      metrics.toAgent(unreportedToAgent, unreportedMessagesToAgent);
      bytesToAgent += unreportedToAgent;
      messagesToAgent += unreportedMessagesToAgent;
      unreportedToAgent = 0;
      unreportedMessagesToAgent = 0;
    }
  }

  /** Records the end once; later calls do nothing. Sessions that never started record nothing. */
  void ended(String reason) {
    if (ended || session == null) {
      return;
    }
    ended = true;
    report();
    Instant now = clock.instant();
    record(
        new AuditEvent.SessionEnd(
            TimeOrderedIds.next(),
            now,
            session.id(),
            Duration.between(session.startedAt(), now),
            bytesFromAgent,
            bytesToAgent,
            reason));
  }

  /** The session, once authenticated and admitted. */
  SessionInfo session() {
    return session;
  }

  long messagesFromAgent() {
    return messagesFromAgent + unreportedMessagesFromAgent;
  }

  long messagesToAgent() {
    return messagesToAgent + unreportedMessagesToAgent;
  }

  private AuditReceipt record(AuditEvent event) {
    AuditReceipt receipt = audit.record(event);
    if (receipt instanceof AuditReceipt.Refused refused) {
      log.debug(
          "audit journal refused {} of session {}: {}",
          event.type(),
          session == null ? "-" : session.id(),
          refused.reason());
    }
    return receipt;
  }
}
