package dev.drawbridge.bench;

import dev.drawbridge.config.MaskingRuleConfig;
import dev.drawbridge.core.masking.ColumnMasking;
import dev.drawbridge.core.masking.MaskingPolicy;
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
 * Masking one cell: a column named by a rule (each strategy) or a text column scanned by the
 * detectors, on a typical value. {@code mask} is the strategy alone; {@code cell} adds what the
 * result rewriter does around it for a text value of a {@code DataRow}: decoding the UTF-8 bytes
 * and encoding the masked text.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class MaskingBenchmark {

  /**
   * {@code redact}, {@code partial}, {@code email}, {@code hash}: a column rule with that strategy;
   * {@code scan-clean}: an 80-character note the detectors find nothing in; {@code scan-hit}: one
   * with an e-mail address and a card number in it.
   */
  @Param({"redact", "partial", "email", "hash", "scan-clean", "scan-hit"})
  public String cell;

  private ColumnMasking masking;
  private String value;
  private ByteBuf row;
  private int length;

  @Setup(Level.Trial)
  public void setUp() {
    MaskingPolicy policy =
        new MaskingPolicy(
            List.of(
                new MaskingRuleConfig(List.of("public.customers.name"), List.of(), "redact"),
                new MaskingRuleConfig(List.of("public.customers.ssn"), List.of(), "partial"),
                new MaskingRuleConfig(List.of("public.customers.email"), List.of(), "email"),
                new MaskingRuleConfig(List.of("public.customers.external_id"), List.of(), "hash"),
                new MaskingRuleConfig(
                    List.of(),
                    List.of("email", "credit-card", "us-ssn", "iban", "jwt", "aws-access-key"),
                    "redact")),
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    String column =
        switch (cell) {
          case "redact" -> "public.customers.name";
          case "partial" -> "public.customers.ssn";
          case "email" -> "public.customers.email";
          case "hash" -> "public.customers.external_id";
          default -> "public.orders.note";
        };
    value =
        switch (cell) {
          case "redact" -> "Jane Q. Public";
          case "partial" -> "123-45-6789";
          case "email" -> "jane.public@example.com";
          case "hash" -> "cus_8f14e45fceea167a5a36dedd4bea2543";
          case "scan-clean" ->
              "Order shipped from warehouse 12 on 2026-11-20; carrier notified, tracking pending";
          case "scan-hit" ->
              "Customer asked to use jane.public@example.com, card 4111 1111 1111 1111";
          default -> throw new IllegalArgumentException(cell);
        };
    masking = policy.forColumn(Optional.of(column));
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    length = bytes.length;
    row = Unpooled.directBuffer(length).writeBytes(bytes);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    row.release();
  }

  @Benchmark
  public String mask() {
    return masking.mask(value);
  }

  @Benchmark
  public byte[] cell() {
    String text = row.toString(0, length, StandardCharsets.UTF_8);
    String masked = masking.mask(text);
    return masked == text ? null : masked.getBytes(StandardCharsets.UTF_8);
  }
}
