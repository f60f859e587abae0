package dev.drawbridge.postgres.masking;

import dev.drawbridge.core.masking.ColumnMasking;
import dev.drawbridge.core.masking.MaskingPolicy;
import dev.drawbridge.postgres.PgProtocolException;
import dev.drawbridge.postgres.codec.Frames;
import dev.drawbridge.postgres.codec.RowRun;
import dev.drawbridge.postgres.masking.Expected.Completion;
import dev.drawbridge.postgres.masking.Expected.Described;
import dev.drawbridge.postgres.masking.Expected.Execute;
import dev.drawbridge.postgres.masking.Expected.Ready;
import dev.drawbridge.postgres.message.BackendType;
import dev.drawbridge.postgres.message.Cstrings;
import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.FrontendMessages;
import dev.drawbridge.postgres.message.FrontendType;
import dev.drawbridge.postgres.message.SqlState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Follows one session's results so that every {@code DataRow} is masked by the description of the
 * result it belongs to, and no statement returns more rows than the grant that allowed it permits,
 * in both protocols.
 *
 * <p>It keeps a queue of what the agent sent that the upstream answers, and consumes it as the
 * answers come. A simple query's results are described in line. In the extended protocol, each
 * {@code Execute} is preceded by a {@code Describe} of its portal that the gateway sends itself and
 * whose answer it keeps, so rows are always masked by what the server says the portal returns
 * (never by a description cached under a name the agent may have reused through SQL). The statement
 * and portal names the tracker knows come from {@code Parse} and {@code Bind} messages the gateway
 * decided; after an error, what the server skips up to the next {@code Sync} is undone here too. A
 * portal or statement the gateway did not see made (a cursor declared in SQL, a statement prepared
 * in SQL) cannot be bound or executed through the protocol: {@link #fromAgent} refuses it.
 *
 * <p>A statement that reaches its row limit has its further rows dropped, is cancelled upstream,
 * and ends for the agent with {@code 54000} in place of its completion; what the server sends for
 * the rest of the agent's batch (up to its {@code ReadyForQuery}) is dropped, as the agent expects
 * after an error. Anything arriving where the queue does not expect it ends the session (an
 * exception): the tracker never guesses which result a row belongs to.
 *
 * <p>Lives on the session's event loop; not thread-safe.
 */
public final class ResultTracker {

  /** What the gateway does with a message of the agent's, beyond forwarding it. */
  public sealed interface Step {

    /**
     * Forward it, after {@code before} when that is not null (the gateway's own message).
     *
     * @param before a message to send upstream first, or null
     */
    record Forward(ByteBuf before) implements Step {}

    /**
     * Refuse it: the caller answers with {@code error} through a stand-in {@code Parse} that fails
     * (already accounted for here), and does not forward it.
     */
    record Refuse(ErrorResponse error) implements Step {}
  }

  private static final Step.Forward FORWARD = new Step.Forward(null);

  private static final Ready SYNC = new Ready(false);

  private final Supplier<CatalogSnapshot> snapshot;
  private final MaskingPolicy policy;
  private final Consumer<String> stopping;
  private final OutcomeReporter reporter;
  private final ProtocolNames names = new ProtocolNames();
  private final ArrayDeque<Expected> expected = new ArrayDeque<>();
  private RowMask simpleMask;
  private long simpleRows;
  private boolean copyIn;
  private PreparedDecision next = PreparedDecision.NONE;
  private int nextStatements;
  private boolean forgetNames;

  /** An extended message failed and no Sync was queued: the server skips to the agent's next. */
  private boolean skippingToSync;

  /** Why the current statement was stopped: the agent is told this in place of its end. */
  private ErrorResponse stopped;

  /** Whether everything up to the next {@code ReadyForQuery} is dropped (after a stop). */
  private boolean dropping;

  /** The {@code COPY … TO} under way, or the last one. */
  private CopyRows copy = new CopyRows(null);

  /**
   * @param stopping told once per statement the gateway stops, with why ({@code row-limit}, {@code
   *     masking}); the caller cancels it upstream
   */
  public ResultTracker(
      Supplier<CatalogSnapshot> snapshot,
      MaskingPolicy policy,
      Consumer<String> stopping,
      OperationOutcomes outcomes) {
    this.snapshot = snapshot;
    this.policy = policy;
    this.stopping = stopping;
    this.reporter = new OutcomeReporter(outcomes);
  }

  public ResultTracker(
      Supplier<CatalogSnapshot> snapshot, MaskingPolicy policy, Consumer<String> stopping) {
    this(snapshot, policy, stopping, OperationOutcomes.NONE);
  }

  /**
   * What applies to the {@code Query} or {@code Parse} the agent sends next, once it was allowed.
   *
   * @param limit its row limit (null for none): the strictest among the grants that allowed its
   *     statements
   * @param readsMasked whether it reads masked columns, so the server's errors and notices for it
   *     may quote their values and are scrubbed ({@link ErrorScrub})
   * @param forgetsNames whether it prepares, deallocates, declares or closes by name in SQL (or
   *     discards the session), so the statement and portal names the tracker knows may no longer be
   *     the server's
   * @param operation the operation of its first statement (its sequence in the session)
   * @param statements how many statements it carries, with consecutive operations
   */
  public void next(
      RowLimit limit,
      boolean readsMasked,
      boolean forgetsNames,
      String cursor,
      long operation,
      int statements) {
    next(limit, readsMasked, forgetsNames, cursor, operation, statements, false);
  }

  /**
   * As {@link #next(RowLimit, boolean, boolean, String, long, int)}, for a message an approver let
   * run once.
   *
   * @param bindOnce whether a statement it prepares may be bound only once (a second {@code Bind}
   *     of it is refused: it would run the approved statement again without asking)
   */
  public void next(
      RowLimit limit,
      boolean readsMasked,
      boolean forgetsNames,
      String cursor,
      long operation,
      int statements,
      boolean bindOnce) {
    next =
        new PreparedDecision(
            limit,
            readsMasked,
            cursor,
            operation,
            bindOnce ? PreparedDecision.Binding.ONCE : PreparedDecision.Binding.ANY);
    nextStatements = statements;
    forgetNames = forgetsNames;
  }

  // --- what the agent sends

  /**
   * Notes a message of the agent's.
   *
   * @param forwarded whether the gateway forwards it (else it was refused, and a stand-in {@code
   *     Parse} or {@code Query} goes upstream in its place)
   */
  public Step fromAgent(ByteBuf frame, boolean forwarded, ByteBufAllocator alloc) {
    FrontendType type = FrontendType.of(Frames.type(frame)).orElse(null);
    if (type == null) {
      return FORWARD;
    }
    if (skippingToSync && type != FrontendType.SYNC) {
      return FORWARD; // the server discards it unread
    }
    PreparedDecision decided = next;
    next = PreparedDecision.NONE;
    boolean forget = forgetNames;
    forgetNames = false;
    int body = Frames.bodyStart(frame);
    int end = Frames.bodyEnd(frame);
    if ((type == FrontendType.CLOSE || type == FrontendType.DESCRIBE) && body >= end) {
      throw new PgProtocolException(
          ErrorResponse.fatal(
              SqlState.PROTOCOL_VIOLATION, "invalid " + type + " message: no 'S' or 'P'"));
    }
    return switch (type) {
      case PARSE -> {
        if (forget) {
          names.forget();
        }
        // a refused Parse is replaced by an unnamed one that fails
        String name = forwarded ? name(frame, body, end) : "";
        expected.add(
            new Completion(
                names.putStatement(name, forwarded ? decided : null),
                forwarded ? decided.operation() : 0));
        yield FORWARD;
      }
      case BIND -> bind(frame, body, end);
      case DESCRIBE -> {
        expected.add(new Described(null, false));
        yield FORWARD;
      }
      case EXECUTE -> execute(name(frame, body, end), alloc);
      case CLOSE -> {
        String name = name(frame, body + 1, end);
        expected.add(
            new Completion(
                frame.getByte(body) == 'S'
                    ? names.putStatement(name, null)
                    : names.putPortal(name, null)));
        yield FORWARD;
      }
      case COPY_DONE, COPY_FAIL -> {
        copyIn = false;
        yield FORWARD;
      }
      case SYNC -> {
        skippingToSync = false;
        if (!copyIn) {
          expected.add(SYNC);
        }
        yield FORWARD;
      }
      case QUERY -> {
        if (forget) {
          names.forget();
        }
        expected.add(
            forwarded
                ? new Ready(
                    true,
                    decided.limit(),
                    decided.readsMasked(),
                    decided.cursor(),
                    new StatementRun(decided.operation(), nextStatements, System.nanoTime()))
                : new Ready(true));
        yield FORWARD;
      }
      case FUNCTION_CALL -> {
        expected.add(new Ready(!forwarded));
        yield FORWARD;
      }
      default -> FORWARD;
    };
  }

  private Step bind(ByteBuf frame, int body, int end) {
    String portalName = name(frame, body, end);
    int at = Cstrings.terminator(frame, body, end) + 1;
    String statementName = name(frame, at, end);
    PreparedDecision statement = names.statement(statementName);
    if (statement == null) {
      expected.add(new Completion(names.putStatement("", null)));
      return new Step.Refuse(StopErrors.unknownStatement(statementName));
    }
    switch (statement.binding()) {
      case SPENT -> {
        expected.add(new Completion(names.putStatement("", null)));
        return new Step.Refuse(StopErrors.approvedOnce(statementName));
      }
      case ONCE -> {
        // approved once: this Bind runs it; another would run it again without an approval
        Runnable spent = names.putStatement(statementName, statement.bound());
        Runnable bound = names.putPortal(portalName, new TrackedPortal(statement));
        expected.add(
            new Completion(
                () -> {
                  bound.run();
                  spent.run();
                }));
        return FORWARD;
      }
      case ANY -> {}
    }
    expected.add(new Completion(names.putPortal(portalName, new TrackedPortal(statement))));
    return FORWARD;
  }

  private Step execute(String name, ByteBufAllocator alloc) {
    TrackedPortal portal = names.portal(name);
    if (portal == null) {
      expected.add(new Completion(names.putStatement("", null)));
      return new Step.Refuse(StopErrors.unknownPortal(name));
    }
    portal.mask = null;
    portal.started = System.nanoTime();
    ByteBuf ours = null;
    if (!policy.masksNothing()) {
      expected.add(new Described(portal, true));
      ours = FrontendMessages.describePortal(alloc, name);
    }
    expected.add(new Execute(portal));
    return new Step.Forward(ours);
  }

  // --- what the upstream answers

  /**
   * The upstream's message as the agent may see it: {@code frame} itself, a masked copy ({@code
   * frame} is then released), or null when the message was the gateway's own to read (it is
   * released).
   *
   * @throws IllegalStateException when it answers nothing the agent or the gateway asked
   */
  public ByteBuf fromUpstream(ByteBuf frame, ByteBufAllocator alloc) {
    byte type = Frames.type(frame);
    if (type == BackendType.DATA_ROW.code()) {
      return row(frame, alloc);
    }
    if (type == BackendType.COPY_DATA.code()) {
      return copyData(frame, alloc);
    }
    if (type == BackendType.COPY_OUT_RESPONSE.code()) {
      return copyOut(frame);
    }
    if (type == BackendType.COPY_DONE.code() && (stopped != null || dropping)) {
      frame.release();
      return null;
    }
    boolean drop = dropping;
    ByteBuf out = frame;
    if (type == BackendType.ROW_DESCRIPTION.code()) {
      out = described(frame, policy.masksNothing() ? List.of() : ResultColumn.of(frame));
    } else if (type == BackendType.NO_DATA.code()) {
      out = described(frame, List.of());
    } else if (type == BackendType.PARSE_COMPLETE.code()
        || type == BackendType.BIND_COMPLETE.code()
        || type == BackendType.CLOSE_COMPLETE.code()) {
      if (!(expected.poll() instanceof Completion)) {
        throw new IllegalStateException("a completion the gateway did not expect");
      }
    } else if (type == BackendType.COPY_IN_RESPONSE.code()) {
      copyIn = true;
    } else if (type == BackendType.COMMAND_COMPLETE.code()
        || type == BackendType.EMPTY_QUERY_RESPONSE.code()
        || type == BackendType.PORTAL_SUSPENDED.code()) {
      copyIn = false;
      OutcomeReporter.Answering answering = answering();
      // a Parse's failure is an outcome; its completion is not
      if (answering != null && !(expected.peek() instanceof Completion)) {
        reporter.completed(answering, frame, stopped, currentLimit());
      }
      if (expected.peek() instanceof Execute) {
        expected.poll();
      }
      simpleMask = null;
      out = stoppedInstead(frame, alloc);
    } else if (type == BackendType.NOTICE_RESPONSE.code()) {
      if (readsMasked()) {
        out = ErrorScrub.scrub(frame, alloc);
      }
    } else if (type == BackendType.ERROR_RESPONSE.code()) {
      copyIn = false;
      simpleMask = null;
      OutcomeReporter.Answering answering = answering();
      if (answering != null) {
        reporter.failed(answering, frame, stopped, currentLimit());
      }
      if (readsMasked()) {
        frame = ErrorScrub.scrub(frame, alloc);
        out = frame;
      }
      if (!(expected.peek() instanceof Ready)) {
        skipToSync();
      }
      out = stoppedInstead(frame, alloc);
    } else if (type == BackendType.READY_FOR_QUERY.code()) {
      if (!(expected.poll() instanceof Ready)) {
        throw new IllegalStateException("a ReadyForQuery the gateway did not expect");
      }
      if (frame.getByte(Frames.bodyStart(frame)) == 'I') {
        names.transactionEnded();
      }
      simpleMask = null;
      dropping = false;
      return frame;
    }
    if (drop && out != null) {
      out.release();
      return null;
    }
    return out;
  }

  /** The statement whose answer comes now, when it is an operation of the agent's. */
  private OutcomeReporter.Answering answering() {
    return switch (expected.peek()) {
      case Execute(TrackedPortal portal) when portal.statement.operation() > 0 ->
          new OutcomeReporter.Answering(
              portal.statement.operation(), portal.started, portal.rows, null);
      case Ready ready when ready.run().pending() ->
          new OutcomeReporter.Answering(
              ready.run().operation(), ready.run().started(), simpleRows, ready.run());
      case Completion completion when completion.operation() > 0 ->
          new OutcomeReporter.Answering(completion.operation(), System.nanoTime(), 0, null);
      case null, default -> null;
    };
  }

  /**
   * An extended message failed: the server skips everything up to the next {@code Sync}, so what
   * those messages did to names is undone; without a {@code Sync} queued, what the agent sends
   * until its next one is skipped too.
   */
  private void skipToSync() {
    ArrayDeque<Runnable> undo = new ArrayDeque<>();
    while (!expected.isEmpty() && expected.peek() != SYNC) {
      if (expected.poll() instanceof Completion completion) {
        undo.push(completion.undo());
      }
    }
    undo.forEach(Runnable::run);
    skippingToSync = expected.isEmpty();
  }

  private ByteBuf stoppedInstead(ByteBuf frame, ByteBufAllocator alloc) {
    if (stopped == null) {
      return frame;
    }
    ErrorResponse error = stopped;
    stopped = null;
    frame.release();
    dropping = true;
    return error.encode(alloc);
  }

  /** Stops the current statement: nothing more of it reaches the agent but {@code error}. */
  private void stop(ErrorResponse error, String why) {
    stopped = error;
    stopping.accept(why);
  }

  /**
   * {@code CopyOutResponse}: a text or CSV copy is scanned by the connection's detectors, one row
   * per message; a binary one cannot be, so it is stopped before it starts.
   */
  private ByteBuf copyOut(ByteBuf frame) {
    copy =
        new CopyRows(
            policy.forColumn(Optional.empty()) instanceof ColumnMasking.Scanned scanned
                ? scanned
                : null);
    if (!copy.scannable(frame)) {
      frame.release();
      stop(StopErrors.binaryCopy(), "masking");
      return null;
    }
    return frame;
  }

  private ByteBuf copyData(ByteBuf frame, ByteBufAllocator alloc) {
    if (stopped != null || dropping) {
      frame.release();
      return null;
    }
    RowLimit limit = currentLimit();
    if (limit != null && copy.counted() > limit.rows()) {
      frame.release();
      stop(StopErrors.rowLimit(limit), "row-limit");
      return null;
    }
    ByteBuf out = copy.mask(frame, alloc);
    if (out == null) {
      stop(StopErrors.nullInCopy(), "masking");
    }
    return out;
  }

  /** The row limit of the statement whose answers come now. */
  private RowLimit currentLimit() {
    return switch (expected.peek()) {
      case Execute(TrackedPortal portal) -> portal.statement.limit();
      case Ready ready -> ready.limit();
      case null, default -> null;
    };
  }

  /** Whether the statement whose answers come now reads masked columns. */
  private boolean readsMasked() {
    return switch (expected.peek()) {
      case Execute(TrackedPortal portal) -> portal.statement.readsMasked();
      case Ready ready -> ready.readsMasked();
      case null, default -> false;
    };
  }

  /** Takes rows on their way to the agent: one buffer of {@code count} whole rows. */
  @FunctionalInterface
  public interface RowSink {
    void send(ByteBuf rows, int count);
  }

  /**
   * Hands {@code toAgent} a run of rows as the agent may see it. When all of them fit the row limit
   * and no cursor counts them, they go as one buffer, counted at once: the same bytes when nothing
   * in them is masked, else the rows masked into one new buffer. Otherwise each row goes as {@link
   * #fromUpstream} would answer it, one by one (none past a limit). The run's buffer is released or
   * passed on.
   */
  public void rows(RowRun run, ByteBufAllocator alloc, RowSink toAgent) {
    if (stopped == null && !dropping) {
      switch (expected.peek()) {
        case Execute(TrackedPortal portal)
            when portal.statement.cursor() == null
                && fits(portal.statement.limit(), portal.rows, run.count()) -> {
          portal.rows += run.count();
          toAgent.send(RowRuns.whole(run, portal.mask, alloc), run.count());
          return;
        }
        case Ready ready
            when ready.simple()
                && ready.cursor() == null
                && fits(ready.limit(), simpleRows, run.count()) -> {
          simpleRows += run.count();
          toAgent.send(RowRuns.whole(run, simpleMask, alloc), run.count());
          return;
        }
        case null, default -> {}
      }
    }
    ByteBuf rows = RowRuns.contiguous(run.rows(), alloc);
    try {
      while (rows.isReadable()) {
        int length = rows.getInt(rows.readerIndex() + 1);
        ByteBuf shown = row(rows.readRetainedSlice(length + 1), alloc);
        if (shown != null) {
          toAgent.send(shown, 1);
        }
      }
    } finally {
      rows.release();
    }
  }

  private static boolean fits(RowLimit limit, long sent, int more) {
    return limit == null || sent + more <= limit.rows();
  }

  private ByteBuf row(ByteBuf frame, ByteBufAllocator alloc) {
    if (stopped != null || dropping) {
      frame.release();
      return null;
    }
    RowMask mask;
    long sent;
    RowLimit limit;
    switch (expected.peek()) {
      case Execute(TrackedPortal portal) -> {
        mask = portal.mask;
        sent =
            portal.statement.cursor() != null
                ? names.fetched(portal.statement.cursor())
                : ++portal.rows;
        limit = portal.statement.limit();
      }
      case Ready ready when ready.simple() -> {
        mask = simpleMask;
        sent = ready.cursor() != null ? names.fetched(ready.cursor()) : ++simpleRows;
        limit = ready.limit();
      }
      case null, default -> {
        frame.release();
        throw new IllegalStateException("a row the gateway cannot place in a result");
      }
    }
    if (limit != null && sent > limit.rows()) {
      frame.release();
      stop(StopErrors.rowLimit(limit), "row-limit");
      return null;
    }
    return mask == null ? frame : mask.apply(frame, alloc);
  }

  private ByteBuf described(ByteBuf frame, List<ResultColumn> columns) {
    switch (expected.peek()) {
      case Described(TrackedPortal portal, boolean ours) -> {
        expected.poll();
        if (ours) {
          portal.mask = RowMask.of(columns, snapshot.get(), policy).orElse(null);
          frame.release();
          return null;
        }
      }
      case Ready ready when ready.simple() -> {
        simpleMask = RowMask.of(columns, snapshot.get(), policy).orElse(null);
        simpleRows = 0;
      }
      case null, default -> {
        frame.release();
        throw new IllegalStateException("a description the gateway did not ask for");
      }
    }
    return frame;
  }

  private static String name(ByteBuf frame, int at, int end) {
    return Cstrings.read(frame, at, end).orElse("");
  }
}
