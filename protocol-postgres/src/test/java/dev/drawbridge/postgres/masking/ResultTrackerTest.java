package dev.drawbridge.postgres.masking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.MaskingRuleConfig;
import dev.drawbridge.core.masking.MaskingPolicy;
import dev.drawbridge.postgres.codec.RowRun;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tracker against message sequences as pgjdbc and libpq send them, with frames built here. */
class ResultTrackerTest {

  static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
  static final MaskingPolicy POLICY =
      new MaskingPolicy(
          List.of(new MaskingRuleConfig(List.of("public.people.ssn"), List.of(), "partial")),
          new byte[32]);
  static final CatalogSnapshot SNAPSHOT =
      CatalogSnapshot.build(
          POLICY,
          new CatalogRows(
              List.of(
                  new CatalogRows.ColumnRow(100, "public", "people", 1, "name"),
                  new CatalogRows.ColumnRow(100, "public", "people", 2, "ssn")),
              List.of(),
              Map.of()),
          Instant.EPOCH);

  final List<String> reached = new ArrayList<>();
  final List<Integer> counted = new ArrayList<>();
  final List<String> outcomes = new ArrayList<>();
  final ResultTracker tracker =
      new ResultTracker(
          () -> SNAPSHOT,
          POLICY,
          reached::add,
          (operation, rows, nanos, status) -> outcomes.add(operation + ":" + rows + ":" + status));

  @Test
  void eachStatementOfAQueryHasItsOutcomeAndAnErrorEndsTheRest() {
    tracker.next(null, false, false, null, 7, 3);
    agent(frame('Q', cstring("insert into t values (1); select 1; select 2")));
    upstream(frame('C', cstring("INSERT 0 1")));
    upstream(error("23505"));
    upstream(frame('Z', new byte[] {'I'}));
    assertThat(outcomes).containsExactly("7:1:00000", "8:0:23505");
  }

  @Test
  void eachExecuteOfAPreparedStatementHasItsOutcome() {
    tracker.next(null, false, false, null, 4, 1);
    agent(frame('P', cstring("s1"), cstring("select name from people"), shorts(0)));
    agent(bind("", "s1", 0));
    agent(frame('E', cstring(""), ints(0)));
    agent(frame('S'));
    upstream(frame('1'));
    upstream(frame('2'));
    upstream(rowDescription(0));
    upstream(dataRow("Ada", "1"));
    upstream(dataRow("Bob", "2"));
    upstream(frame('C', cstring("SELECT 2")));
    upstream(frame('Z', new byte[] {'I'}));
    agent(bind("", "s1", 0));
    agent(frame('E', cstring(""), ints(0)));
    agent(frame('S'));
    upstream(frame('2'));
    upstream(rowDescription(0));
    upstream(error("57014"));
    upstream(frame('Z', new byte[] {'I'}));
    assertThat(outcomes).containsExactly("4:2:00000", "4:0:57014");
  }

  @Test
  void aStatementStoppedAtItsRowLimitEndsWithTheLimitsState() {
    tracker.next(new RowLimit(1, "small"), false, false, null, 2, 1);
    agent(frame('Q', cstring("select name from people")));
    upstream(rowDescription(0));
    upstream(dataRow("Ada", "1"));
    assertThat(upstream(dataRow("Bob", "2"))).isNull();
    upstream(error("57014"));
    upstream(frame('Z', new byte[] {'I'}));
    assertThat(outcomes).containsExactly("2:1:54000");
  }

  @Test
  void aRunOfUnmaskedRowsPassesAsTheSameBytesAndCountsEveryRow() {
    tracker.next(new RowLimit(3, "small"), false, false, null, 2, 1);
    agent(frame('Q', cstring("select name from people")));
    upstream(frame('T', rowDescriptionBody(List.of(new long[] {100, 1}), 0)));
    ByteBuf run = run(dataRow("Ada"), dataRow("Bob"));
    List<ByteBuf> sent = rows(new RowRun(run, 2));
    assertThat(sent).containsExactly(run);
    release(sent.getFirst());
    // the third row is still within the limit, the fourth is not: the run is taken apart
    List<ByteBuf> rest = rows(new RowRun(run(dataRow("Cy"), dataRow("Di")), 2));
    assertThat(rest).hasSize(1);
    assertThat(values(rest.getFirst())).containsExactly("Cy");
    upstream(error("57014"));
    upstream(frame('Z', new byte[] {'I'}));
    assertThat(outcomes).containsExactly("2:3:54000");
  }

  @Test
  void aRunWithAMaskedColumnIsMaskedIntoOneBufferOfItsRows() {
    agent(frame('Q', cstring("select name, ssn from people")));
    upstream(rowDescription(0));
    ByteBuf run =
        run(dataRow("Ada", "123-45-6789"), dataRow(null, "x"), dataRow("Bob", "987-65-4321"));
    List<ByteBuf> sent = rows(new RowRun(run, 3));
    assertThat(sent).hasSize(1).first().isNotSameAs(run);
    assertThat(counted).containsExactly(3);
    assertThat(eachRow(sent.getFirst()))
        .containsExactly(
            List.of("Ada", "*******6789"), Arrays.asList(null, "*"), List.of("Bob", "*******4321"));
    assertThat(run.refCnt()).isZero();
    upstream(frame('C', cstring("SELECT 3")));
    upstream(frame('Z', new byte[] {'I'}));
  }

  @Test
  void aMaskedRunPastTheLimitIsMaskedRowByRowUpToIt() {
    tracker.next(new RowLimit(1, "small"), false, false, null, 2, 1);
    agent(frame('Q', cstring("select name, ssn from people")));
    upstream(rowDescription(0));
    List<ByteBuf> sent =
        rows(new RowRun(run(dataRow("Ada", "123-45-6789"), dataRow("Bob", "987-65-4321")), 2));
    assertThat(counted).containsExactly(1);
    assertThat(values(sent.getFirst())).containsExactly("Ada", "*******6789");
    assertThat(reached).containsExactly("row-limit");
  }

  @Test
  void aRefusedStatementsStandInHasNoOutcome() {
    agent(frame('Q', cstring("select 1/0")), false);
    upstream(error("42000"));
    upstream(frame('Z', new byte[] {'I'}));
    assertThat(outcomes).isEmpty();
  }

  @Test
  void aSimpleQuerysRowsAreMaskedByItsDescription() {
    agent(frame('Q', cstring("select name, ssn from people")));
    upstream(rowDescription(0));
    assertThat(values(upstream(dataRow("Ada", "123-45-6789"))))
        .containsExactly("Ada", "*******6789");
    upstream(frame('C', cstring("SELECT 1")));
    upstream(frame('Z', new byte[] {'I'}));
  }

  @Test
  void everyExecuteIsDescribedByTheGatewayWhichKeepsTheAnswer() {
    agent(frame('P', cstring("s1"), cstring("select name, ssn from people"), shorts(0)));
    agent(frame('D', new byte[] {'S'}, cstring("s1")));
    agent(frame('S'));
    upstream(frame('1'));
    upstream(frame('t', shorts(0)));
    upstream(rowDescription(0));
    upstream(frame('Z', new byte[] {'I'}));

    assertThat(agent(bind("", "s1", 1))).isNull();
    ByteBuf ours = agent(frame('E', cstring(""), ints(0)));
    assertThat((char) ours.getByte(0)).isEqualTo('D');
    assertThat((char) ours.getByte(5)).isEqualTo('P');
    ours.release();
    agent(frame('S'));
    upstream(frame('2'));
    // binary results, as the portal's description says: text is sent as its UTF-8 bytes
    assertThat(upstream(rowDescription(1))).isNull();
    assertThat(values(upstream(dataRow("Ada", "123-45-6789"))))
        .containsExactly("Ada", "*******6789");
    upstream(frame('C', cstring("SELECT 1")));
    upstream(frame('Z', new byte[] {'I'}));
  }

  @Test
  void afterAnExtendedErrorTheQueueSkipsToTheSyncAsTheServerDoes() {
    agent(frame('P', cstring(""), cstring("select broken"), shorts(0)));
    agent(bind("", "", 0));
    agent(frame('D', new byte[] {'P'}, cstring("")));
    release(agent(frame('E', cstring(""), ints(0))));
    agent(frame('Q', cstring("select 1"))); // discarded by the server too
    agent(frame('S'));
    agent(frame('Q', cstring("select name, ssn from people")));
    upstream(error("42601"));
    upstream(frame('Z', new byte[] {'I'}));
    upstream(rowDescription(0));
    assertThat(values(upstream(dataRow("Ada", "123-45-6789"))))
        .containsExactly("Ada", "*******6789");
  }

  @Test
  void anErrorBeforeTheSyncWasSentSkipsWhatTheAgentSendsUntilIt() {
    agent(frame('P', cstring("s1"), cstring("select name, ssn from people"), shorts(0)));
    agent(bind("p1", "s1", 0));
    agent(frame('H'));
    upstream(frame('1'));
    upstream(error("42P03")); // the Bind failed
    // the server skips these; the gateway must not wait for their answers
    agent(frame('D', new byte[] {'S'}, cstring("s1")));
    release(agent(frame('E', cstring("p1"), ints(0))));
    agent(frame('S'));
    upstream(frame('Z', new byte[] {'I'}));
    agent(frame('Q', cstring("select name, ssn from people")));
    upstream(rowDescription(0));
    assertThat(values(upstream(dataRow("Ada", "123-45-6789"))))
        .containsExactly("Ada", "*******6789");
    // the failed Bind made no portal
    assertThat(step(frame('E', cstring("p1"), ints(0))))
        .isInstanceOf(ResultTracker.Step.Refuse.class);
  }

  @Test
  void namesTheGatewayDidNotSeeMadeAreRefused() {
    assertThat(step(bind("", "made_in_sql", 0))).isInstanceOf(ResultTracker.Step.Refuse.class);
    agent(frame('P', cstring("s1"), cstring("select name from people"), shorts(0)));
    agent(bind("p1", "s1", 0));
    // DECLARE p1 CURSOR … / PREPARE s1 … in SQL: the names may now be someone else's
    tracker.next(null, false, true, null, 0, 0);
    agent(frame('Q', cstring("declare p1 cursor for select ssn from people")));
    assertThat(step(frame('E', cstring("p1"), ints(0))))
        .isInstanceOf(ResultTracker.Step.Refuse.class);
    assertThat(step(bind("", "s1", 0))).isInstanceOf(ResultTracker.Step.Refuse.class);
  }

  @Test
  void aStatementApprovedOnceIsBoundOnceAndAGrantsAsOftenAsTheAgentLikes() {
    tracker.next(null, false, false, null, 3, 1, true);
    agent(frame('P', cstring("s1"), cstring("update people set name = $1"), shorts(0)));
    agent(bind("", "s1", 0));
    agent(frame('E', cstring(""), ints(0)));
    // another Bind, in the same pipeline or later, would run it again without an approval
    assertThat(step(bind("", "s1", 0))).isInstanceOf(ResultTracker.Step.Refuse.class);
    assertThat(step(bind("p2", "s1", 0))).isInstanceOf(ResultTracker.Step.Refuse.class);

    tracker.next(null, false, false, null, 4, 1);
    agent(frame('P', cstring("s2"), cstring("select name from people"), shorts(0)));
    agent(bind("", "s2", 0));
    agent(bind("", "s2", 0));
  }

  @Test
  void sqlThatRenamesThroughParseMakesTheGatewayForgetNamesToo() {
    agent(frame('P', cstring("s"), cstring("select name from people"), shorts(0)));
    tracker.next(null, false, true, null, 0, 0);
    agent(frame('P', cstring(""), cstring("deallocate s"), shorts(0)));
    assertThat(step(bind("", "s", 0))).isInstanceOf(ResultTracker.Step.Refuse.class);
  }

  @Test
  void anUndoFromBeforeNamesWereForgottenBringsNothingBack() {
    agent(frame('P', cstring("s"), cstring("select name from people"), shorts(0)));
    agent(frame('S'));
    upstream(frame('1'));
    upstream(frame('Z', new byte[] {'I'}));
    // the second Parse of s fails (it exists) after a Query forgot every name
    agent(frame('P', cstring("s"), cstring("select 2"), shorts(0)));
    tracker.next(null, false, true, null, 0, 0);
    agent(frame('Q', cstring("deallocate s; prepare s as select ssn from people")));
    agent(frame('S'));
    upstream(error("42P05"));
    upstream(frame('Z', new byte[] {'I'}));
    assertThat(step(bind("", "s", 0))).isInstanceOf(ResultTracker.Step.Refuse.class);
  }

  @Test
  void aCloseWithoutItsKindIsAProtocolViolation() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> step(frame('C')))
        .isInstanceOf(dev.drawbridge.postgres.PgProtocolException.class);
  }

  @Test
  void rowsWithNothingMaskedPassAsTheSameBytes() {
    agent(frame('Q', cstring("select name from people")));
    upstream(frame('T', rowDescriptionBody(List.of(new long[] {100, 1}), 0)));
    ByteBuf row = dataRow("Ada");
    assertThat(tracker.fromUpstream(row, ALLOC)).isSameAs(row);
    row.release();
  }

  @Test
  void aRowNoResultWasAskedForEndsTheSession() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> upstream(dataRow("Ada")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aStatementPastItsRowLimitIsStoppedAndTheSessionGoesOn() {
    tracker.next(new RowLimit(2, "small"), false, false, null, 0, 0);
    agent(frame('Q', cstring("select name from people")));
    upstream(frame('T', rowDescriptionBody(List.of(new long[] {100, 1}), 0)));
    assertThat(values(upstream(dataRow("a")))).containsExactly("a");
    assertThat(values(upstream(dataRow("b")))).containsExactly("b");
    assertThat(upstream(dataRow("c"))).isNull();
    assertThat(upstream(dataRow("d"))).isNull();
    assertThat(reached).containsExactly("row-limit");

    ByteBuf error = upstream(error("57014"));
    assertThat(error.toString(StandardCharsets.UTF_8))
        .contains("54000")
        .contains("more than 2 rows, the limit of grant 'small'");
    error.release();
    release(upstream(frame('Z', new byte[] {'I'})));

    // the next statement has no limit and all its rows
    agent(frame('Q', cstring("select name from people")));
    upstream(frame('T', rowDescriptionBody(List.of(new long[] {100, 1}), 0)));
    for (String name : List.of("a", "b", "c")) {
      assertThat(values(upstream(dataRow(name)))).containsExactly(name);
    }
    assertThat(reached).hasSize(1);
  }

  @Test
  void aPortalsLimitCountsEveryExecuteOfIt() {
    tracker.next(new RowLimit(3, "small"), false, false, null, 0, 0);
    agent(frame('P', cstring(""), cstring("select name from people"), shorts(0)));
    agent(bind("c1", "", 0));
    release(agent(frame('E', cstring("c1"), ints(2))));
    release(agent(frame('E', cstring("c1"), ints(2))));
    agent(frame('S'));
    upstream(frame('1'));
    upstream(frame('2'));
    upstream(frame('T', rowDescriptionBody(List.of(new long[] {100, 1}), 0)));
    assertThat(values(upstream(dataRow("a")))).containsExactly("a");
    assertThat(values(upstream(dataRow("b")))).containsExactly("b");
    release(upstream(frame('s')));
    upstream(frame('T', rowDescriptionBody(List.of(new long[] {100, 1}), 0)));
    assertThat(values(upstream(dataRow("c")))).containsExactly("c");
    assertThat(upstream(dataRow("d"))).isNull();
    ByteBuf error = upstream(frame('s'));
    assertThat((char) error.getByte(0)).isEqualTo('E');
    error.release();
    assertThat(reached).hasSize(1);
  }

  @Test
  void errorsOfAStatementThatReadsMaskedColumnsAreWithheld() {
    tracker.next(null, true, false, null, 0, 0);
    agent(frame('Q', cstring("select id from people where ssn::int = 1")));
    ByteBuf error =
        upstream(
            frame(
                'E',
                ("SERROR\0C22P02\0Minvalid input syntax for type integer: \"123-45-6789\"\0"
                        + "Hnothing\0\0")
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(error.toString(StandardCharsets.UTF_8))
        .contains("22P02")
        .contains("message is withheld")
        .doesNotContain("6789");
    error.release();
  }

  private static void release(ByteBuf buf) {
    if (buf != null) {
      buf.release();
    }
  }

  private static ByteBuf error(String sqlState) {
    return frame('E', ("SERROR\0C" + sqlState + "\0Mfailed\0\0").getBytes(StandardCharsets.UTF_8));
  }

  // --- frames

  /** Notes a forwarded message; returns what the gateway sends before it, or null. */
  private ByteBuf agent(ByteBuf frame) {
    return switch (step(frame)) {
      case ResultTracker.Step.Forward forward -> forward.before();
      case ResultTracker.Step.Refuse refuse -> throw new AssertionError(refuse.error());
    };
  }

  private ResultTracker.Step step(ByteBuf frame) {
    return agent(frame, true);
  }

  private ResultTracker.Step agent(ByteBuf frame, boolean forwarded) {
    try {
      return tracker.fromAgent(frame, forwarded, ALLOC);
    } finally {
      frame.release();
    }
  }

  /**
   * The rows of {@code run} as the tracker hands them to the agent (their counts in {@link
   * #counted}).
   */
  private List<ByteBuf> rows(RowRun run) {
    List<ByteBuf> sent = new ArrayList<>();
    tracker.rows(
        run,
        ALLOC,
        (rows, count) -> {
          sent.add(rows);
          counted.add(count);
        });
    return sent;
  }

  /** The rows of one buffer, each as its values (the buffer is released). */
  private static List<List<String>> eachRow(ByteBuf rows) {
    List<List<String>> each = new ArrayList<>();
    try {
      while (rows.isReadable()) {
        each.add(values(rows.readRetainedSlice(rows.getInt(rows.readerIndex() + 1) + 1)));
      }
      return each;
    } finally {
      rows.release();
    }
  }

  /** Rows as one buffer, as they arrive together. */
  private static ByteBuf run(ByteBuf... rows) {
    ByteBuf run = Unpooled.buffer();
    for (ByteBuf row : rows) {
      run.writeBytes(row);
      row.release();
    }
    return run;
  }

  private ByteBuf upstream(ByteBuf frame) {
    return tracker.fromUpstream(frame, ALLOC);
  }

  private static ByteBuf rowDescription(int format) {
    return frame(
        'T', rowDescriptionBody(List.of(new long[] {100, 1}, new long[] {100, 2}), format));
  }

  private static byte[] rowDescriptionBody(List<long[]> columns, int format) {
    ByteBuf body = Unpooled.buffer();
    body.writeShort(columns.size());
    for (long[] column : columns) {
      body.writeBytes(cstring("c" + column[1]));
      body.writeInt((int) column[0]).writeShort((int) column[1]).writeInt(25).writeShort(-1);
      body.writeInt(-1).writeShort(format);
    }
    return bytes(body);
  }

  private static ByteBuf bind(String portal, String statement, int resultFormat) {
    ByteBuf body = Unpooled.buffer();
    body.writeBytes(cstring(portal)).writeBytes(cstring(statement));
    body.writeShort(0).writeShort(1).writeInt(2).writeBytes(new byte[] {'4', '2'});
    body.writeShort(1).writeShort(resultFormat);
    return frame('B', bytes(body));
  }

  private static ByteBuf dataRow(String... values) {
    ByteBuf body = Unpooled.buffer();
    body.writeShort(values.length);
    for (String value : values) {
      if (value == null) {
        body.writeInt(-1);
        continue;
      }
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      body.writeInt(bytes.length).writeBytes(bytes);
    }
    return frame('D', bytes(body));
  }

  private static List<String> values(ByteBuf row) {
    try {
      int at = 5;
      int count = row.getUnsignedShort(at);
      at += 2;
      String[] values = new String[count];
      for (int i = 0; i < count; i++) {
        int length = row.getInt(at);
        at += 4;
        values[i] = length < 0 ? null : row.toString(at, length, StandardCharsets.UTF_8);
        at += Math.max(0, length);
      }
      return Arrays.asList(values);
    } finally {
      row.release();
    }
  }

  private static ByteBuf frame(char type, byte[]... parts) {
    ByteBuf out = Unpooled.buffer();
    out.writeByte(type).writeInt(0);
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    out.setInt(1, out.writerIndex() - 1);
    return out;
  }

  private static byte[] cstring(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, out, 0, bytes.length);
    return out;
  }

  private static byte[] shorts(int value) {
    return new byte[] {(byte) (value >> 8), (byte) value};
  }

  private static byte[] ints(int value) {
    return new byte[] {
      (byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value
    };
  }

  private static byte[] bytes(ByteBuf buf) {
    byte[] out = new byte[buf.readableBytes()];
    buf.readBytes(out);
    buf.release();
    return out;
  }
}
