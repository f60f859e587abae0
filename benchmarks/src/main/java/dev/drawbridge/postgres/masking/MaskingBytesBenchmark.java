package dev.drawbridge.postgres.masking;

import dev.drawbridge.config.MaskingRuleConfig;
import dev.drawbridge.core.masking.ColumnMasking;
import dev.drawbridge.core.masking.MaskingPolicy;
import dev.drawbridge.core.masking.Strategy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Masking one cell as a result's rows are masked since 2026-11-25: {@link Utf8Masking} writing the
 * masked value straight from the row's UTF-8 bytes into the outgoing buffer, for the strategies it
 * takes, on the same values as {@code dev.drawbridge.bench.MaskingBenchmark}'s {@code cell} (which
 * decodes, masks the {@code String} and encodes). In this package because {@link Utf8Masking} is
 * the masking package's own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class MaskingBytesBenchmark {

  @Param({"redact", "partial", "email"})
  public String cell;

  private Strategy strategy;
  private ByteBuf row;
  private ByteBuf out;
  private int length;

  @Setup(Level.Trial)
  public void setUp() {
    MaskingPolicy policy =
        new MaskingPolicy(
            List.of(new MaskingRuleConfig(List.of("public.customers.c"), List.of(), cell)),
            new byte[32]);
    strategy =
        ((ColumnMasking.Masked) policy.forColumn(Optional.of("public.customers.c"))).strategy();
    String value =
        switch (cell) {
          case "redact" -> "Jane Q. Public";
          case "partial" -> "123-45-6789";
          case "email" -> "jane.public@example.com";
          default -> throw new IllegalArgumentException(cell);
        };
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    length = bytes.length;
    row = Unpooled.directBuffer(length).writeBytes(bytes);
    out = Unpooled.directBuffer(64);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    row.release();
    out.release();
  }

  @Benchmark
  public ByteBuf cellBytes() {
    out.clear();
    Utf8Masking.write(strategy, row, 0, length, out);
    return out;
  }
}
