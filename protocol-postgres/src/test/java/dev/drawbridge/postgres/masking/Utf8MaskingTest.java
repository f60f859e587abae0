package dev.drawbridge.postgres.masking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.MaskingRuleConfig;
import dev.drawbridge.core.masking.ColumnMasking;
import dev.drawbridge.core.masking.MaskingPolicy;
import dev.drawbridge.core.masking.Strategy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte path gives, for every value, exactly what the strategy gives for its decoded text. */
class Utf8MaskingTest {

  private static final List<String> SAMPLES =
      List.of(
          "",
          "a",
          "abcd",
          "abcde",
          "4111111111111111",
          "alice@example.com",
          "no-at-sign",
          "trailing@",
          "@leading",
          "a@b@c.example",
          "é",
          "ééééé",
          "naïve café",
          "日本語のテキスト",
          "emoji 😀😀😀😀😀",
          "😀@😀.example",
          "x😀",
          "né@exämple.org");

  @ParameterizedTest
  @ValueSource(strings = {"redact", "partial", "email", "null"})
  void writesWhatTheStrategyGivesForTheDecodedText(String name) {
    Strategy strategy = strategy(name);
    assertThat(Utf8Masking.takes(strategy)).isTrue();
    List<String> values = new ArrayList<>(SAMPLES);
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      values.add(randomText(random));
    }
    for (String value : values) {
      assertThat(viaBytes(strategy, value))
          .as("%s of %s", name, value)
          .isEqualTo(Optional.ofNullable(strategy.mask(value)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hash"})
  void leavesTheKeyedHashToTheDecodedText(String name) {
    assertThat(Utf8Masking.takes(strategy(name))).isFalse();
  }

  /** The value written between other bytes, as in a row: only its own bytes are read. */
  private static Optional<String> viaBytes(Strategy strategy, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    ByteBuf row = Unpooled.buffer();
    row.writeBytes("@é😀".getBytes(StandardCharsets.UTF_8));
    int at = row.writerIndex();
    row.writeBytes(bytes).writeBytes("x@😀".getBytes(StandardCharsets.UTF_8));
    ByteBuf out = Unpooled.buffer();
    Utf8Masking.write(strategy, row, at, bytes.length, out);
    int length = out.readInt();
    assertThat(out.readableBytes()).isEqualTo(Math.max(length, 0));
    return length < 0
        ? Optional.empty()
        : Optional.of(out.toString(out.readerIndex(), length, StandardCharsets.UTF_8));
  }

  private static String randomText(Random random) {
    String[] pieces = {"a", "Z", "0", "@", ".", " ", "é", "ß", "日", "😀", "\u0000", "*"};
    StringBuilder text = new StringBuilder();
    int n = random.nextInt(12);
    for (int i = 0; i < n; i++) {
      text.append(pieces[random.nextInt(pieces.length)]);
    }
    return text.toString();
  }

  private static Strategy strategy(String name) {
    MaskingPolicy policy =
        new MaskingPolicy(
            List.of(new MaskingRuleConfig(List.of("public.t.c"), List.of(), name)), new byte[32]);
    return ((ColumnMasking.Masked) policy.forColumn(Optional.of("public.t.c"))).strategy();
  }
}
