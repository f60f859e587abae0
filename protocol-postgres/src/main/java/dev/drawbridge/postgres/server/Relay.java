package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.ports.ApprovalBroker;
import dev.drawbridge.core.ports.AuditReceipt;
import dev.drawbridge.postgres.codec.RowRun;
import dev.drawbridge.postgres.masking.MaskingCatalog;
import dev.drawbridge.postgres.masking.ResultTracker;
import dev.drawbridge.postgres.masking.RowLimit;
import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.FrontendMessages;
import dev.drawbridge.postgres.message.SqlState;
import dev.drawbridge.postgres.sql.StatementClassifier;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.security.SecureRandom;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The state one relaying session shares between its agent side and its upstream side, both run on
 * the session's one event loop: the two channels, the decision point, the waiting refusals, the
 * ledger, and how the session ends.
 */
final class Relay {

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Statements that run what an earlier one prepared or declared: what they read is not in their
   * own text, so on a connection with masked columns their errors are scrubbed as if they read one.
   */
  private static final Set<String> READS_WHAT_IT_NAMED = Set.of("FETCH", "MOVE", "EXECUTE");

  /** Statements that create or drop prepared statements or portals by name, in SQL. */
  private static final Set<String> NAMES_STATEMENTS_OR_PORTALS =
      Set.of("PREPARE", "DEALLOCATE", "DECLARE CURSOR", "CLOSE", "DISCARD");

  private final Channel agent;
  private final Channel upstream;
  private final PgServices services;
  private final SessionLedger ledger;
  private final Decision.Allow admission;
  private final Runnable releaseCancelKey;
  private final SqlSession sql;
  private final MaskingCatalog masking;

  /** Follows results to mask their rows and hold them to row limits. */
  private final ResultTracker results;

  private final Denials denials = new Denials(RANDOM);

  /** The message whose statement waits for an approval, or null. */
  private MessageDecision held;

  /** Whether the agent is not read because a statement of its waits for an approval. */
  private boolean agentPaused;

  private long sequence;
  private int awaitingReady;
  private boolean copyIn;
  private boolean upstreamEndedSession;
  private boolean closing;
  private String endReason = "agent disconnected";

  Relay(
      Channel agent,
      Channel upstream,
      PgServices services,
      SessionLedger ledger,
      Decision.Allow admission,
      long lastSequence,
      SqlSession sql,
      MaskingCatalog masking,
      Runnable cancelUpstream,
      Runnable releaseCancelKey) {
    this.agent = agent;
    this.upstream = upstream;
    this.services = services;
    this.ledger = ledger;
    this.admission = admission;
    this.sequence = lastSequence;
    this.releaseCancelKey = releaseCancelKey;
    this.sql = sql;
    this.masking = masking;
    this.results =
        new ResultTracker(
            masking::current,
            masking.policy(),
            why -> {
              services.metrics().error(why);
              cancelUpstream.run();
            },
            ledger::result);
  }

  /**
   * Notes a message of the agent's, after its decision, so its results can be masked and limited.
   *
   * @param forwarded whether it goes upstream (else a stand-in replaced it)
   */
  ResultTracker.Step fromAgent(ByteBuf frame, boolean forwarded) {
    return results.fromAgent(frame, forwarded, upstream.alloc());
  }

  /**
   * An upstream message as the agent may see it: itself, a masked copy, or null when it was the
   * gateway's own to read.
   */
  ByteBuf toAgent(ByteBuf frame) {
    return results.fromUpstream(frame, agent.alloc());
  }

  /** Sends the agent a run of rows as it may see them (see {@link ResultTracker#rows}). */
  void rowsToAgent(RowRun run) {
    results.rows(
        run,
        agent.alloc(),
        (rows, count) -> {
          ledger.toAgent(rows.readableBytes(), count);
          agent.write(rows, agent.voidPromise());
        });
  }

  /**
   * The upstream completed a command; one that may have changed the database's structure makes the
   * connection read its masking catalog again.
   */
  void completed(String tag) {
    sql.completed(tag);
    if (tag.startsWith("CREATE") || tag.startsWith("ALTER") || tag.startsWith("DROP")) {
      masking.stale(upstream.eventLoop());
    }
  }

  Channel agent() {
    return agent;
  }

  Channel upstream() {
    return upstream;
  }

  SessionLedger ledger() {
    return ledger;
  }

  Denials denials() {
    return denials;
  }

  PgMetrics metrics() {
    return services.metrics();
  }

  /** Where statements held for approval wait; null when this gateway has no approvals. */
  ApprovalBroker approvals() {
    return services.approvals();
  }

  /**
   * Stops (or resumes) reading the agent while a statement of its waits for an approval; reading
   * also waits, as before, while the upstream cannot take more.
   */
  void pauseAgent(boolean paused) {
    agentPaused = paused;
    agent.config().setAutoRead(!paused && upstream.isWritable());
  }

  boolean agentPaused() {
    return agentPaused;
  }

  /** A message that the upstream answers with {@code ReadyForQuery} went upstream. */
  void awaitReady() {
    awaitingReady++;
  }

  /** The upstream sent {@code ReadyForQuery}. */
  void ready() {
    if (awaitingReady > 0) {
      awaitingReady--;
    }
  }

  /**
   * Whether the upstream is in COPY-in, where it ignores {@code Sync} (no {@code ReadyForQuery}
   * answers it).
   */
  boolean copyIn() {
    return copyIn;
  }

  void copyIn(boolean on) {
    copyIn = on;
  }

  /** Whether a statement is still running upstream. */
  boolean awaitingReady() {
    return awaitingReady > 0;
  }

  /** The upstream sent a FATAL error: the agent already knows why the session ends. */
  void upstreamEndedSession() {
    upstreamEndedSession = true;
  }

  boolean upstreamHasEndedSession() {
    return upstreamEndedSession;
  }

  /**
   * The session's single decision point for SQL: each statement of a {@code Query} or {@code Parse}
   * becomes an operation, is decided and recorded; the first refusal refuses the message, and the
   * first statement held for approval pauses it (see {@link #resumeSql}).
   */
  Decision decideSql(String text, String statementName, boolean extended) {
    return continueSql(new MessageDecision(sql.plan(text, statementName), extended, sequence + 1));
  }

  /** The message whose statement waits for an approval, or null. */
  MessageDecision held() {
    return held;
  }

  /**
   * Goes on deciding the held message after an approval let its held statement run (under the grant
   * whose review rule held it, and that grant's row limit).
   *
   * @param once whether the approver let it run once only (not for a while): what it prepares may
   *     then be bound only once
   */
  Decision resumeSql(Decision.Review approved, boolean once) {
    MessageDecision message = held;
    held = null;
    message.approvedOnce |= once;
    OptionalLong rows = services.statements().rowLimit(approved.grantId());
    if (rows.isPresent()) {
      message.limit = new RowLimit(rows.getAsLong(), approved.grantId()).stricter(message.limit);
    }
    message.next++;
    return continueSql(message);
  }

  /** The held message will not run: its statement was denied, timed out or abandoned. */
  void dropHeld() {
    held = null;
    sql.refused();
  }

  private Decision continueSql(MessageDecision message) {
    List<SqlSession.Planned> plan = message.plan;
    for (; message.next < plan.size(); message.next++) {
      SqlSession.Planned statement = plan.get(message.next);
      if (message.cursor == null && statement.verb().equals("FETCH")) {
        message.cursor = sql.cursorOf(statement.text());
      }
      message.readsMasked |=
          statement.readsMasked()
              || (READS_WHAT_IT_NAMED.contains(statement.verb()) && masking.current().size() > 0);
      message.forgetsNames |= NAMES_STATEMENTS_OR_PORTALS.contains(statement.verb());
      Operation operation =
          new Operation(
              ledger.session(),
              ++sequence,
              statement.action(),
              statement.verb(),
              statement.resources(),
              sql.redacted(statement.text()),
              System.nanoTime());
      Decision decision =
          statement.unresolvable() != null
              ? new Decision.Deny(statement.unresolvable(), "")
              : services.statements().decide(operation, admission);
      if (ledger.decided(operation, decision) instanceof AuditReceipt.Refused refused) {
        decision = AuditRefusals.operation(refused);
      }
      if (decision instanceof Decision.Deny deny
          && statement.verb().equals(StatementClassifier.UNPARSABLE)) {
        // only the agent, who sent the text, is told the parser's words: they can quote a
        // literal of the statement, which the audit record must not carry
        decision =
            new Decision.Deny(
                "the gateway cannot read this statement ("
                    + sql.parseError(statement.text())
                    + "), so it is unknown; "
                    + deny.reason(),
                deny.remedy());
      }
      if (decision instanceof Decision.Review) {
        message.operation = operation;
        held = message;
        return decision;
      }
      if (!(decision instanceof Decision.Allow allow)) {
        sql.refused();
        return decision;
      }
      OptionalLong rows = services.statements().rowLimit(allow.grantId());
      if (rows.isPresent()) {
        message.limit = new RowLimit(rows.getAsLong(), allow.grantId()).stricter(message.limit);
      }
    }
    if (plan.isEmpty()) {
      // an empty statement: whatever is later prepared under its name keeps the session's limit
      OptionalLong rows = services.statements().rowLimit(admission.grantId());
      message.limit = rows.isPresent() ? new RowLimit(rows.getAsLong(), admission.grantId()) : null;
    }
    // a Query was counted as awaiting its ReadyForQuery already; a Parse's comes with a later Sync
    sql.sent(message.extended ? awaitingReady : awaitingReady - 1);
    results.next(
        message.limit,
        message.readsMasked,
        message.forgetsNames,
        message.cursor,
        plan.isEmpty() ? 0 : message.firstOperation,
        plan.size(),
        message.approvedOnce);
    return admission;
  }

  /**
   * A {@code FunctionCall} names its function by OID only, so the gateway cannot tell what it does:
   * it is an {@code unknown} operation, allowed only where a grant names {@code unknown}.
   */
  Decision decideFunctionCall(int oid) {
    Operation operation =
        new Operation(
            ledger.session(),
            ++sequence,
            Action.UNKNOWN,
            "FunctionCall",
            List.of(),
            "function call: oid " + Integer.toUnsignedString(oid),
            System.nanoTime());
    Decision decision = services.statements().decide(operation, admission);
    if (ledger.decided(operation, decision) instanceof AuditReceipt.Refused refused) {
      return AuditRefusals.operation(refused);
    }
    return decision;
  }

  SqlSession sql() {
    return sql;
  }

  /**
   * Sends the upstream, in place of a refused statement, one that fails with a marker (see {@link
   * Denials}).
   *
   * @param extended whether the refused message was a {@code Parse} (else a {@code Query} or {@code
   *     FunctionCall}, which end their own implicit transaction)
   */
  void refuse(ErrorResponse error, boolean extended) {
    services.metrics().error("denied");
    String marker = denials.refuse(error);
    ByteBuf stand =
        extended
            ? FrontendMessages.parse(upstream.alloc(), marker)
            : FrontendMessages.query(upstream.alloc(), marker);
    upstream.write(stand);
  }

  /** The refusal an agent sees for a denied statement. */
  static ErrorResponse refusal(Decision decision) {
    return switch (decision) {
      case Decision.Deny deny ->
          ErrorResponse.error(SqlState.INSUFFICIENT_PRIVILEGE, deny.reason(), deny.remedy());
      case Decision.Review review ->
          ErrorResponse.error(
              SqlState.INSUFFICIENT_PRIVILEGE,
              review.reason(),
              "a FunctionCall message cannot wait for an approval; call the function in a"
                  + " statement, or ask for a grant that allows it");
      case Decision.Allow allow ->
          throw new IllegalArgumentException("an allowed statement is not refused");
    };
  }

  /** Ends the session: the agent is told {@code error} (when not null), both channels close. */
  void end(String reason, ErrorResponse error) {
    if (closing) {
      return;
    }
    closing = true;
    endReason = reason;
    Farewell.say(agent, error);
    Farewell.say(
        upstream, upstream.isActive() ? FrontendMessages.terminate(upstream.alloc()) : null);
  }

  /** Called once the agent channel closed, however it closed. */
  void agentClosed() {
    closing = true;
    upstream.close();
    releaseCancelKey.run();
    services.metrics().sessionClosed();
    ledger.ended(endReason);
  }

  boolean closing() {
    return closing;
  }
}
