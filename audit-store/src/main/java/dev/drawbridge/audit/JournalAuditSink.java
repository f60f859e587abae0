package dev.drawbridge.audit;

import dev.drawbridge.audit.journal.Journal;
import dev.drawbridge.audit.journal.JournalUnavailableException;
import dev.drawbridge.audit.record.CanonicalEncoding;
import dev.drawbridge.audit.record.ChainLink;
import dev.drawbridge.audit.record.Hashes;
import dev.drawbridge.config.AuditFailurePolicy;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.TimeOrderedIds;
import dev.drawbridge.core.ports.AuditReceipt;
import dev.drawbridge.core.ports.AuditSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit sink: chains each event to the one before it in its session (or, for events of no
 * session, in the gateway run's chain), encodes it canonically and appends it to the journal on the
 * calling thread. When the journal cannot take it, the configured failure policy answers: refuse
 * what the event records, or let it through and record the gap once the journal recovers. Each
 * session's start is also anchored in the run's chain by a {@code session.opened} event.
 */
public final class JournalAuditSink implements AuditSink {

  private static final Logger log = LoggerFactory.getLogger(JournalAuditSink.class);

  private final Journal journal;
  private final AuditFailurePolicy onFailure;
  private final Clock clock;
  private final UUID run;
  private final ChainHeads heads = new ChainHeads();
  private final Counter written;
  private final Counter refused;
  private final Counter lost;
  private final Object gapLock = new Object();
  private volatile boolean gapPending;
  private long gapCount;
  private Instant gapFrom;
  private Instant gapTo;
  private String gapReason;

  private JournalAuditSink(
      Journal journal, AuditFailurePolicy onFailure, Clock clock, MeterRegistry registry) {
    this.journal = journal;
    this.onFailure = onFailure;
    this.clock = clock;
    this.run = TimeOrderedIds.next();
    this.written = events(registry, "written");
    this.refused = events(registry, "refused");
    this.lost = events(registry, "lost");
  }

  /**
   * A sink on {@code journal} whose first event is the gateway's start, carrying what the journal's
   * recovery found.
   */
  public static JournalAuditSink start(
      Journal journal,
      AuditFailurePolicy onFailure,
      Clock clock,
      MeterRegistry registry,
      String gateway,
      String version) {
    JournalAuditSink sink = new JournalAuditSink(journal, onFailure, clock, registry);
    sink.record(
        new AuditEvent.GatewayStart(
            TimeOrderedIds.next(),
            clock.instant(),
            gateway,
            version,
            journal.recovery().describe()));
    return sink;
  }

  /**
   * The gateway run's chain: its start, the sessions it opened, failed authentications, gaps, grant
   * changes, review decisions.
   */
  public UUID run() {
    return run;
  }

  /**
   * Records {@code event}; a session's start is then anchored in the run's chain (see {@link
   * #anchor}), and its receipt is the anchor's when the start was written.
   */
  @Override
  public AuditReceipt record(AuditEvent event) {
    String hash;
    try {
      recordGap();
      hash = append(event);
      written.increment();
    } catch (JournalUnavailableException e) {
      return failed(event.type(), event.time(), e.getMessage());
    }
    return event instanceof AuditEvent.SessionStart start
        ? anchor(start, hash)
        : AuditReceipt.WRITTEN;
  }

  /**
   * Appends to the run's chain, right after a session's start, a {@code session.opened} event
   * naming the session and the hash of its start, at its start's time: a session removed whole (its
   * events and rows) after its journal segments were trimmed is then still named by a chain that
   * verification reads. When the journal takes the start but not its anchor, the start's receipt is
   * the anchor's failure, so that under {@code fail-closed} the session is refused (as when its
   * connect cannot be recorded): its chain holds its start, and its end once the journal takes
   * events again, and the run's chain does not name it. Under {@code continue} the anchor is one
   * lost event, counted in the next gap.
   */
  private AuditReceipt anchor(AuditEvent.SessionStart start, String startHash) {
    try {
      appendAnchor(start, startHash);
      written.increment();
      return AuditReceipt.WRITTEN;
    } catch (JournalUnavailableException e) {
      return failed(CanonicalEncoding.SESSION_OPENED, start.time(), e.getMessage());
    }
  }

  private void appendAnchor(AuditEvent.SessionStart start, String startHash)
      throws JournalUnavailableException {
    ChainHeads.Head head = heads.open(run);
    synchronized (head) {
      ChainLink link = head.next(run);
      byte[] record =
          CanonicalEncoding.sessionOpened(TimeOrderedIds.next(), start, startHash, link);
      journal.append(record);
      head.advance(link, Hashes.sha256(record));
    }
  }

  /** Appends {@code event} to its chain and answers the hash of its record. */
  private String append(AuditEvent event) throws JournalUnavailableException {
    UUID chain = chainOf(event);
    ChainHeads.Head head =
        event instanceof AuditEvent.SessionStart || chain.equals(run)
            ? heads.open(chain)
            : heads.find(chain);
    if (head == null) {
      // an event after its session's end (or of a session this run never started) joins the
      // run's chain; its body still names the session
      chain = run;
      head = heads.open(run);
    }
    String hash;
    synchronized (head) {
      ChainLink link = head.next(chain);
      byte[] record = CanonicalEncoding.encode(event, link);
      try {
        journal.append(record);
      } catch (JournalUnavailableException e) {
        if (link.seq() == 1 && !chain.equals(run)) {
          // a session whose start was not recorded has no chain: its refusal leaves nothing
          heads.close(chain);
        }
        throw e;
      }
      hash = Hashes.sha256(record);
      head.advance(link, hash);
    }
    if (event instanceof AuditEvent.SessionEnd) {
      heads.close(chain);
    }
    return hash;
  }

  private UUID chainOf(AuditEvent event) {
    return switch (event) {
      case AuditEvent.SessionStart start -> start.session().id().value();
      case AuditEvent.SessionEnd end -> end.session().value();
      case AuditEvent.OperationDecided decided -> decided.operation().session().id().value();
      case AuditEvent.OperationResult result -> result.session().value();
      case AuditEvent.ApprovalRequested requested -> requested.session().value();
      case AuditEvent.ApprovalDecided decided -> decided.session().value();
      case AuditEvent.AuthFailure failure -> run;
      case AuditEvent.Gap gap -> run;
      case AuditEvent.GatewayStart start -> run;
      case AuditEvent.GrantCreated created -> run;
      case AuditEvent.GrantRevoked revoked -> run;
      case AuditEvent.ReviewDecided decided -> run;
    };
  }

  private AuditReceipt failed(String type, Instant time, String reason) {
    if (onFailure == AuditFailurePolicy.CONTINUE) {
      lost.increment();
      synchronized (gapLock) {
        if (gapCount == 0) {
          gapFrom = time;
          log.error(
              "audit journal cannot record events ({}); operations continue unrecorded"
                  + " (audit.onFailure: continue)",
              reason);
        }
        gapCount++;
        gapPending = true;
        gapTo = time;
        gapReason = reason;
      }
      return new AuditReceipt.Unrecorded(reason);
    }
    refused.increment();
    log.warn("audit journal refused a {} event: {}", type, reason);
    return new AuditReceipt.Refused(reason);
  }

  /** After events were lost, the first event the journal takes again is the gap's record. */
  private void recordGap() throws JournalUnavailableException {
    if (!gapPending) {
      return;
    }
    synchronized (gapLock) {
      if (gapCount == 0) {
        return;
      }
      append(
          new AuditEvent.Gap(
              TimeOrderedIds.next(), clock.instant(), gapCount, gapFrom, gapTo, gapReason));
      log.warn("audit journal recovered; {} event(s) were not recorded", gapCount);
      gapCount = 0;
      gapPending = false;
    }
  }

  private static Counter events(MeterRegistry registry, String outcome) {
    return Counter.builder("drawbridge.audit.events")
        .description("Audit events handed to the journal, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }
}
