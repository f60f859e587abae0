package dev.drawbridge.postgres.masking;

import dev.drawbridge.core.masking.ColumnMasking;
import dev.drawbridge.core.masking.MaskingPolicy;
import dev.drawbridge.postgres.codec.Frames;
import dev.drawbridge.postgres.message.BackendType;
import dev.drawbridge.postgres.message.Cstrings;
import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.FrontendType;
import dev.drawbridge.postgres.message.SqlState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Follows one session's results so that every {@code DataRow} is masked by the description of the
 * result it belongs to, and no statement returns more rows than the grant that allowed it permits,
 * in both protocols: a simple query's results are described in line; an extended query's rows
 * belong to the portal an {@code Execute} ran, whose columns come from the {@code Describe} of the
 * portal or of its statement, in the formats its {@code Bind} asked for.
 *
 * <p>It keeps a queue of what the agent sent that the upstream answers with a description, rows or
 * {@code ReadyForQuery}, and consumes it as the answers come, skipping to the next {@code Sync}
 * after an error as the server does. When an {@code Execute} would run a portal whose columns the
 * agent never asked to describe, the gateway describes it itself first, and keeps the answer.
 *
 * <p>A statement that reaches its row limit has its further rows dropped, is cancelled upstream,
 * and ends for the agent with {@code 54000} in place of its completion; what the server sends for
 * the rest of the agent's batch (up to its {@code ReadyForQuery}) is dropped, as the agent expects
 * after an error.
 *
 * <p>Lives on the session's event loop; not thread-safe.
 */
public final class ResultTracker {

  /** A prepared statement, whose columns are known once its {@code Describe} is answered. */
  private static final class Statement {
    final RowLimit limit;
    final boolean readsMasked;
    List<ResultColumn> columns;
    boolean describeSent;

    Statement(RowLimit limit, boolean readsMasked) {
      this.limit = limit;
      this.readsMasked = readsMasked;
    }
  }

  /** A portal: its statement and the result formats its {@code Bind} asked for. */
  private static final class Portal {
    final Statement statement;
    final short[] formats;
    List<ResultColumn> described;
    boolean describeSent;
    RowMask mask;
    boolean maskKnown;
    long rows;

    Portal(Statement statement, short[] formats) {
      this.statement = statement;
      this.formats = formats;
    }
  }

  private sealed interface Expected {}

  private record DescribeStatement(Statement statement) implements Expected {}

  private record DescribePortal(Portal portal, boolean ours) implements Expected {}

  private record Execute(Portal portal) implements Expected {}

  /** A {@code Parse}, {@code Bind} or {@code Close}: answered by its own completion message. */
  private enum Completion implements Expected {
    INSTANCE
  }

  /**
   * A {@code Sync}, a simple {@code Query} (with the row limit of its statements) or a {@code
   * FunctionCall}: ends with ReadyForQuery.
   */
  private record Ready(boolean simple, RowLimit limit, boolean readsMasked) implements Expected {}

  private final Supplier<CatalogSnapshot> snapshot;
  private final MaskingPolicy policy;
  private final Map<String, Statement> statements = new HashMap<>();
  private final Map<String, Portal> portals = new HashMap<>();
  private final ArrayDeque<Expected> expected = new ArrayDeque<>();
  private final Consumer<String> stopping;
  private RowMask simpleMask;
  private long simpleRows;
  private boolean copyIn;
  private RowLimit nextLimit;
  private boolean nextReadsMasked;

  /** Why the current statement was stopped: the agent is told this in place of its end. */
  private ErrorResponse stopped;

  /** The detectors that scan a text {@code COPY … TO} under way, or null. */
  private ColumnMasking.Scanned copyScan;

  private long copyRows;

  /** Whether everything up to the next {@code ReadyForQuery} is dropped (after a stop). */
  private boolean dropping;

  /**
   * @param stopping told once per statement the gateway stops, with why ({@code row-limit}, {@code
   *     masking}); the caller cancels it upstream
   */
  public ResultTracker(
      Supplier<CatalogSnapshot> snapshot, MaskingPolicy policy, Consumer<String> stopping) {
    this.snapshot = snapshot;
    this.policy = policy;
    this.stopping = stopping;
  }

  /**
   * What applies to the {@code Query} or {@code Parse} the agent sends next.
   *
   * @param limit its row limit (null for none): the strictest among the grants that allowed its
   *     statements
   * @param readsMasked whether it reads masked columns, so the server's errors and notices for it
   *     may quote their values and are scrubbed ({@link ErrorScrub})
   */
  public void next(RowLimit limit, boolean readsMasked) {
    nextLimit = limit;
    nextReadsMasked = readsMasked;
  }

  // --- what the agent sends

  /**
   * Notes a message the agent sends upstream.
   *
   * @return a message the gateway sends upstream before it, or null
   */
  public ByteBuf fromAgent(ByteBuf frame, ByteBufAllocator alloc) {
    FrontendType type = FrontendType.of(Frames.type(frame)).orElse(null);
    if (type == null) {
      return null;
    }
    int body = Frames.bodyStart(frame);
    int end = Frames.bodyEnd(frame);
    switch (type) {
      case PARSE -> {
        boolean readsMasked = nextReadsMasked;
        statements.put(name(frame, body, end), new Statement(takeLimit(), readsMasked));
        expected.add(Completion.INSTANCE);
      }
      case BIND -> {
        bind(frame, body, end);
        expected.add(Completion.INSTANCE);
      }
      case DESCRIBE -> describe(frame, body, end);
      case EXECUTE -> {
        return execute(name(frame, body, end), alloc);
      }
      case CLOSE -> {
        String name = name(frame, body + 1, end);
        if (frame.getByte(body) == 'S') {
          statements.remove(name);
        } else {
          portals.remove(name);
        }
        expected.add(Completion.INSTANCE);
      }
      case SYNC -> {
        if (!copyIn) {
          expected.add(new Ready(false, null, false));
        }
      }
      case QUERY -> {
        boolean readsMasked = nextReadsMasked;
        expected.add(new Ready(true, takeLimit(), readsMasked));
      }
      case FUNCTION_CALL -> expected.add(new Ready(false, null, false));
      default -> {}
    }
    return null;
  }

  private RowLimit takeLimit() {
    RowLimit limit = nextLimit;
    nextLimit = null;
    nextReadsMasked = false;
    return limit;
  }

  private void bind(ByteBuf frame, int body, int end) {
    int nul = Cstrings.terminator(frame, body, end);
    String portalName = name(frame, body, end);
    int at = nul + 1;
    String statementName = name(frame, at, end);
    at = Cstrings.terminator(frame, at, end) + 1;
    int parameterFormats = frame.getUnsignedShort(at);
    at += 2 + 2 * parameterFormats;
    int parameters = frame.getUnsignedShort(at);
    at += 2;
    for (int i = 0; i < parameters; i++) {
      int length = frame.getInt(at);
      at += 4 + Math.max(length, 0);
    }
    int resultFormats = frame.getUnsignedShort(at);
    at += 2;
    short[] formats = new short[resultFormats];
    for (int i = 0; i < resultFormats; i++) {
      formats[i] = frame.getShort(at + 2 * i);
    }
    Statement statement =
        statements.computeIfAbsent(statementName, n -> new Statement(null, false));
    portals.put(portalName, new Portal(statement, formats));
  }

  private void describe(ByteBuf frame, int body, int end) {
    String name = name(frame, body + 1, end);
    if (frame.getByte(body) == 'S') {
      Statement statement = statements.computeIfAbsent(name, n -> new Statement(null, false));
      statement.describeSent = true;
      expected.add(new DescribeStatement(statement));
    } else {
      Portal portal =
          portals.computeIfAbsent(name, n -> new Portal(new Statement(null, false), new short[0]));
      portal.describeSent = true;
      expected.add(new DescribePortal(portal, false));
    }
  }

  private ByteBuf execute(String name, ByteBufAllocator alloc) {
    Portal portal =
        portals.computeIfAbsent(name, n -> new Portal(new Statement(null, false), new short[0]));
    ByteBuf ours = null;
    if (!portal.describeSent && !portal.statement.describeSent) {
      portal.describeSent = true;
      expected.add(new DescribePortal(portal, true));
      ours = describePortal(alloc, name);
    }
    expected.add(new Execute(portal));
    return ours;
  }

  // --- what the upstream answers

  /**
   * The upstream's message as the agent may see it: {@code frame} itself, a masked copy ({@code
   * frame} is then released), or null when the message was the gateway's own to read (it is
   * released).
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
      out = described(frame, ResultColumn.of(frame));
    } else if (type == BackendType.NO_DATA.code()) {
      out = described(frame, List.of());
    } else if (type == BackendType.PARSE_COMPLETE.code()
        || type == BackendType.BIND_COMPLETE.code()
        || type == BackendType.CLOSE_COMPLETE.code()) {
      if (expected.peek() == Completion.INSTANCE) {
        expected.poll();
      }
    } else if (type == BackendType.COPY_IN_RESPONSE.code()) {
      copyIn = true;
    } else if (type == BackendType.COMMAND_COMPLETE.code()
        || type == BackendType.EMPTY_QUERY_RESPONSE.code()
        || type == BackendType.PORTAL_SUSPENDED.code()) {
      copyIn = false;
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
      if (readsMasked()) {
        frame = ErrorScrub.scrub(frame, alloc);
        out = frame;
      }
      if (!(expected.peek() instanceof Ready)) {
        // an extended message failed: the server skips everything up to the next Sync
        while (!expected.isEmpty()
            && !(expected.peek() instanceof Ready ready && !ready.simple())) {
          expected.poll();
        }
      }
      out = stoppedInstead(frame, alloc);
    } else if (type == BackendType.READY_FOR_QUERY.code()) {
      expected.poll();
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

  /**
   * A statement's completion (or the error its cancel caused) after it reached its limit: the agent
   * is told it was stopped, and nothing more until {@code ReadyForQuery}.
   */
  private ByteBuf stoppedInstead(ByteBuf frame, ByteBufAllocator alloc) {
    if (stopped == null) {
      return frame;
    }
    ErrorResponse error = stopped;
    stopped = null;
    copyScan = null;
    frame.release();
    dropping = true;
    return error.encode(alloc);
  }

  /** Stops the current statement: nothing more of it reaches the agent but {@code error}. */
  private void stop(ErrorResponse error, String why) {
    stopped = error;
    stopping.accept(why);
  }

  private static ErrorResponse limitError(RowLimit limit) {
    return ErrorResponse.error(
        SqlState.PROGRAM_LIMIT_EXCEEDED,
        "the statement returned more than "
            + limit.rows()
            + " rows, the limit of grant '"
            + limit.grantId()
            + "' (limits.rowsPerStatement); the first "
            + limit.rows()
            + " were sent and the statement was cancelled",
        "narrow the statement (WHERE, LIMIT) or ask for a grant with a higher row limit");
  }

  /**
   * {@code CopyOutResponse}: a text or CSV copy is scanned by the connection's detectors, one row
   * per message; a binary one cannot be, so it is stopped before it starts.
   */
  private ByteBuf copyOut(ByteBuf frame) {
    copyRows = 0;
    copyScan =
        policy.forColumn(Optional.empty()) instanceof ColumnMasking.Scanned scanned
            ? scanned
            : null;
    if (copyScan != null && frame.getByte(Frames.bodyStart(frame)) != 0) {
      frame.release();
      stop(
          ErrorResponse.error(
              SqlState.INSUFFICIENT_PRIVILEGE,
              "a binary COPY cannot be scanned by this connection's masking detectors, so it was"
                  + " stopped",
              "copy in text or CSV format"),
          "masking");
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
    if (limit != null && ++copyRows > limit.rows()) {
      frame.release();
      stop(limitError(limit), "row-limit");
      return null;
    }
    if (copyScan == null) {
      return frame;
    }
    int body = Frames.bodyStart(frame);
    String line = frame.toString(body, Frames.bodyEnd(frame) - body, StandardCharsets.UTF_8);
    String masked = copyScan.mask(line);
    if (masked == line) {
      return frame;
    }
    frame.release();
    if (masked == null) {
      // a detector whose strategy is null found something: COPY has no NULL for part of a row
      stop(
          ErrorResponse.error(
              SqlState.INSUFFICIENT_PRIVILEGE,
              "a COPY row holds a value a masking detector sends as NULL, which COPY cannot; the"
                  + " copy was stopped",
              "select the rows instead, where the value comes back as NULL"),
          "masking");
      return null;
    }
    byte[] bytes = masked.getBytes(StandardCharsets.UTF_8);
    ByteBuf out = alloc.buffer(5 + bytes.length);
    out.writeByte(BackendType.COPY_DATA.code()).writeInt(4 + bytes.length).writeBytes(bytes);
    return out;
  }

  /** The row limit of the statement whose answers come now. */
  private RowLimit currentLimit() {
    return switch (expected.peek()) {
      case Execute(Portal portal) -> portal.statement.limit;
      case Ready ready -> ready.limit();
      case null, default -> null;
    };
  }

  /** Whether the statement whose answers come now reads masked columns. */
  private boolean readsMasked() {
    return switch (expected.peek()) {
      case Execute(Portal portal) -> portal.statement.readsMasked;
      case Ready ready -> ready.readsMasked();
      case null, default -> false;
    };
  }

  private ByteBuf row(ByteBuf frame, ByteBufAllocator alloc) {
    if (stopped != null || dropping) {
      frame.release();
      return null;
    }
    RowLimit limit = currentLimit();
    long sent = expected.peek() instanceof Execute(Portal portal) ? ++portal.rows : ++simpleRows;
    if (limit != null && sent > limit.rows()) {
      frame.release();
      stop(limitError(limit), "row-limit");
      return null;
    }
    RowMask mask = currentMask();
    return mask == null ? frame : mask.apply(frame, alloc);
  }

  private ByteBuf described(ByteBuf frame, List<ResultColumn> columns) {
    Expected head = expected.peek();
    switch (head) {
      case DescribeStatement(Statement statement) -> {
        expected.poll();
        statement.columns = columns;
      }
      case DescribePortal(Portal portal, boolean ours) -> {
        expected.poll();
        portal.described = columns;
        portal.maskKnown = false;
        if (ours) {
          frame.release();
          return null;
        }
      }
      case Ready ready when ready.simple() -> {
        simpleMask = RowMask.of(columns, snapshot.get(), policy).orElse(null);
        simpleRows = 0;
      }
      case null, default -> {}
    }
    return frame;
  }

  private RowMask currentMask() {
    Expected head = expected.peek();
    if (head instanceof Execute(Portal portal)) {
      if (!portal.maskKnown) {
        List<ResultColumn> columns =
            portal.described != null
                ? portal.described
                : portal.statement.columns == null
                    ? null
                    : ResultColumn.bound(portal.statement.columns, portal.formats);
        if (columns == null) {
          throw new IllegalStateException("rows of a portal whose columns are unknown");
        }
        portal.mask = RowMask.of(columns, snapshot.get(), policy).orElse(null);
        portal.maskKnown = true;
      }
      return portal.mask;
    }
    return simpleMask;
  }

  private static String name(ByteBuf frame, int at, int end) {
    return Cstrings.read(frame, at, end).orElse("");
  }

  private static ByteBuf describePortal(ByteBufAllocator alloc, String portal) {
    ByteBuf out = alloc.buffer();
    out.writeByte(FrontendType.DESCRIBE.code()).writeInt(0).writeByte('P');
    Cstrings.write(out, portal);
    out.setInt(1, out.writerIndex() - 1);
    return out;
  }
}
