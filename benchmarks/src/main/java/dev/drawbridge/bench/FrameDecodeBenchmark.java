package dev.drawbridge.bench;

import dev.drawbridge.postgres.codec.BackendDecoder;
import dev.drawbridge.postgres.codec.FrontendDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Framing what crosses the gateway, per message: the protocol codec's decoders in a channel, fed
 * one read's worth of bytes as pgbench {@code -M extended} produces them (Parse, Bind, Describe,
 * Execute, Sync per transaction, and the server's answers), and a 100-row result.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FrameDecodeBenchmark {

  static final int TRANSACTIONS = 20;
  static final int FRONTEND_MESSAGES = TRANSACTIONS * 5;
  static final int BACKEND_MESSAGES = TRANSACTIONS * 6;
  static final int ROWS = 100;
  static final int ROW_MESSAGES = ROWS + 3;

  /** Releases what the decoder passes on, as the session handler would once it forwarded it. */
  private static final class Release extends ChannelInboundHandlerAdapter {
    long messages;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      messages++;
      ReferenceCountUtil.release(msg);
    }
  }

  private EmbeddedChannel frontend;
  private EmbeddedChannel backend;
  private Release frontendSink;
  private Release backendSink;
  private ByteBuf frontendBatch;
  private ByteBuf backendBatch;
  private ByteBuf rowBatch;

  @Setup(Level.Trial)
  public void setUp() {
    frontendSink = new Release();
    frontend = new EmbeddedChannel(new FrontendDecoder(10_000, 64 << 20), frontendSink);
    frontend.writeInbound(startupMessage());
    backendSink = new Release();
    backend = new EmbeddedChannel(new BackendDecoder(64 << 20), backendSink);
    frontendBatch = direct(FrameDecodeBenchmark::extendedTransactions);
    backendBatch = direct(FrameDecodeBenchmark::extendedAnswers);
    rowBatch = direct(FrameDecodeBenchmark::rows);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    frontend.finishAndReleaseAll();
    backend.finishAndReleaseAll();
    frontendBatch.release();
    backendBatch.release();
    rowBatch.release();
  }

  /** Per message: 20 extended-protocol transactions an agent sent in one read. */
  @Benchmark
  @OperationsPerInvocation(FRONTEND_MESSAGES)
  public long frontendExtendedBatch() {
    frontend.writeInbound(frontendBatch.retainedDuplicate());
    return frontendSink.messages;
  }

  /** Per message: the server's answers to those 20 transactions. */
  @Benchmark
  @OperationsPerInvocation(BACKEND_MESSAGES)
  public long backendExtendedBatch() {
    backend.writeInbound(backendBatch.retainedDuplicate());
    return backendSink.messages;
  }

  /** Per message: a 100-row result of pgbench_accounts (4 columns, ~100 bytes a row). */
  @Benchmark
  @OperationsPerInvocation(ROW_MESSAGES)
  public long backendRowsBatch() {
    backend.writeInbound(rowBatch.retainedDuplicate());
    return backendSink.messages;
  }

  private static ByteBuf direct(Consumer<ByteBuf> writer) {
    ByteBuf heap = Unpooled.buffer();
    writer.accept(heap);
    ByteBuf direct = Unpooled.directBuffer(heap.readableBytes());
    direct.writeBytes(heap);
    heap.release();
    return direct;
  }

  private static ByteBuf startupMessage() {
    ByteBuf body = Unpooled.buffer();
    body.writeInt(196_608);
    cstring(body, "user");
    cstring(body, "bench-bot");
    cstring(body, "database");
    cstring(body, "bench");
    body.writeByte(0);
    ByteBuf packet = Unpooled.buffer();
    packet.writeInt(body.readableBytes() + 4).writeBytes(body);
    body.release();
    return packet;
  }

  private static void extendedTransactions(ByteBuf out) {
    for (int i = 0; i < TRANSACTIONS; i++) {
      message(
          out,
          'P',
          b -> {
            cstring(b, "");
            cstring(b, "SELECT abalance FROM pgbench_accounts WHERE aid = $1;");
            b.writeShort(0);
          });
      String aid = Integer.toString(31_337 + i * 7919);
      message(
          out,
          'B',
          b -> {
            cstring(b, "");
            cstring(b, "");
            b.writeShort(0);
            b.writeShort(1);
            b.writeInt(aid.length());
            b.writeCharSequence(aid, StandardCharsets.US_ASCII);
            b.writeShort(0);
          });
      message(
          out,
          'D',
          b -> {
            b.writeByte('P');
            cstring(b, "");
          });
      message(
          out,
          'E',
          b -> {
            cstring(b, "");
            b.writeInt(0);
          });
      message(out, 'S', b -> {});
    }
  }

  private static void extendedAnswers(ByteBuf out) {
    for (int i = 0; i < TRANSACTIONS; i++) {
      message(out, '1', b -> {});
      message(out, '2', b -> {});
      rowDescription(out, "abalance");
      dataRow(out, Integer.toString(i * 13 - 400));
      message(out, 'C', b -> cstring(b, "SELECT 1"));
      message(out, 'Z', b -> b.writeByte('I'));
    }
  }

  private static void rows(ByteBuf out) {
    rowDescription(out, "aid", "bid", "abalance", "filler");
    String filler = " ".repeat(84);
    for (int i = 0; i < ROWS; i++) {
      dataRow(out, Integer.toString(100_000 + i), "1", Integer.toString(i * 17), filler);
    }
    message(out, 'C', b -> cstring(b, "SELECT " + ROWS));
    message(out, 'Z', b -> b.writeByte('I'));
  }

  private static void rowDescription(ByteBuf out, String... columns) {
    message(
        out,
        'T',
        b -> {
          b.writeShort(columns.length);
          for (int c = 0; c < columns.length; c++) {
            cstring(b, columns[c]);
            b.writeInt(16_400); // table oid
            b.writeShort(c + 1);
            b.writeInt(23); // int4 (text format)
            b.writeShort(4);
            b.writeInt(-1);
            b.writeShort(0);
          }
        });
  }

  private static void dataRow(ByteBuf out, String... values) {
    message(
        out,
        'D',
        b -> {
          b.writeShort(values.length);
          for (String value : values) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            b.writeInt(bytes.length).writeBytes(bytes);
          }
        });
  }

  private static void message(ByteBuf out, char type, Consumer<ByteBuf> body) {
    out.writeByte(type);
    int lengthAt = out.writerIndex();
    out.writeInt(0);
    body.accept(out);
    out.setInt(lengthAt, out.writerIndex() - lengthAt);
  }

  private static void cstring(ByteBuf out, String value) {
    out.writeCharSequence(value, StandardCharsets.UTF_8);
    out.writeByte(0);
  }
}
