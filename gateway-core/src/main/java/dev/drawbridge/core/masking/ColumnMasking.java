package dev.drawbridge.core.masking;

import java.util.List;
import java.util.Objects;

/**
 * What happens to the values of one result column, decided once per column by {@link
 * MaskingPolicy#forColumn}. A protocol switches over it to skip decoding what needs no masking:
 *
 * <pre>{@code
 * switch (policy.forColumn(source)) {
 *   case ColumnMasking.Unmasked _ -> pass the bytes through
 *   case ColumnMasking.Masked m -> write m.mask(text), NULL when it returns null
 *   case ColumnMasking.Scanned s -> masked = s.mask(text); pass the bytes through when masked == text
 * }
 * }</pre>
 *
 * <p>{@link #mask} keeps SQL {@code NULL} (a {@code null}) as it is, returns {@code null} when the
 * value must be written as SQL {@code NULL}, and returns the very same {@code String} instance when
 * the value is unchanged: compare with {@code ==} to pass the original bytes through. Finding
 * nothing allocates nothing, unless a JWT-shaped candidate had to be decoded.
 */
public sealed interface ColumnMasking {

  /**
   * The value as the agent may see it.
   *
   * @param value a value as text, or {@code null} for SQL {@code NULL}
   * @return {@code value} itself when unchanged; otherwise the masked text, or {@code null} for SQL
   *     {@code NULL}
   */
  String mask(String value);

  /** No rule applies: no column rule names the column and the connection has no detectors. */
  enum Unmasked implements ColumnMasking {
    INSTANCE;

    @Override
    public String mask(String value) {
      return value;
    }
  }

  /** A column rule names the column: every value is masked whole with its strategy. */
  record Masked(Strategy strategy) implements ColumnMasking {

    public Masked {
      Objects.requireNonNull(strategy, "strategy");
    }

    @Override
    public String mask(String value) {
      return strategy.mask(value);
    }
  }

  /**
   * Only detectors apply: each text value is scanned, and what they find is masked in place with
   * the strategy of the rule that named the detector.
   *
   * @param detectors each detector once, with its strategy, in the order the rules name them
   */
  record Scanned(List<DetectorRule> detectors) implements ColumnMasking {

    public Scanned {
      detectors = List.copyOf(detectors);
      if (detectors.isEmpty()) {
        throw new IllegalArgumentException("a scanned column needs at least one detector");
      }
    }

    @Override
    public String mask(String value) {
      return Scanning.mask(value, detectors);
    }
  }
}
