package dev.drawbridge.core.masking;

import dev.drawbridge.config.MaskingRuleConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One connection's masking rules, compiled once, for every protocol: which result columns are
 * masked whole, and which are scanned for sensitive content.
 *
 * <p>A column is <b>masked</b> when a column rule names it: the first such rule, in the order of
 * the configuration, gives the strategy. Otherwise, when any rule names detectors, the column is
 * <b>scanned</b> by all of them (each detector with the strategy of the first rule that names it);
 * a rule with both {@code columns} and {@code detectors} does both. A computed column (no source
 * column) can only be scanned. Anything else is <b>unmasked</b>.
 *
 * <p>The {@code hash} strategy is an HMAC keyed with a secret the caller passes in: the gateway
 * derives it from its configuration, and no agent ever learns it. Instances are immutable and safe
 * for concurrent use.
 */
public final class MaskingPolicy {

  /** The shortest key accepted for the {@code hash} strategy: as long as the HMAC's output. */
  public static final int MIN_HASH_KEY_BYTES = 32;

  private static final MaskingPolicy NONE =
      new MaskingPolicy(List.of(), ColumnMasking.Unmasked.INSTANCE);

  private record ColumnRule(ColumnPattern pattern, ColumnMasking.Masked masking) {}

  private final List<ColumnRule> columnRules;
  private final ColumnMasking otherwise;

  /**
   * Compiles a connection's rules.
   *
   * @param rules the connection's {@code masking} rules, in the order of the configuration
   * @param hashKey the key of the {@code hash} strategy, at least {@value #MIN_HASH_KEY_BYTES}
   *     bytes (copied); the gateway derives it from its configuration
   * @throws IllegalArgumentException when a rule names an unknown strategy or detector, a column
   *     that is not {@code schema.table.column}, or nothing at all, or the key is too short; the
   *     message names the rule as {@code masking[N]}
   */
  public MaskingPolicy(List<MaskingRuleConfig> rules, byte[] hashKey) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(hashKey, "hashKey");
    if (hashKey.length < MIN_HASH_KEY_BYTES) {
      throw new IllegalArgumentException(
          "the masking hash key must have at least " + MIN_HASH_KEY_BYTES + " bytes");
    }
    KeyedHash hash = new KeyedHash(hashKey.clone());
    List<ColumnRule> columnRules = new ArrayList<>();
    Map<Detector, DetectorRule> detectors = new LinkedHashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      String where = "masking[" + i + "]";
      MaskingRuleConfig rule = Objects.requireNonNull(rules.get(i), where);
      Strategy strategy = Strategy.of(kind(rule.strategy(), where), hash);
      if (rule.columns().isEmpty() && rule.detectors().isEmpty()) {
        throw new IllegalArgumentException(where + ": a masking rule needs columns or detectors");
      }
      ColumnMasking.Masked masked = new ColumnMasking.Masked(strategy);
      for (int c = 0; c < rule.columns().size(); c++) {
        try {
          columnRules.add(new ColumnRule(ColumnPattern.parse(rule.columns().get(c)), masked));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + ".columns[" + c + "]: " + e.getMessage(), e);
        }
      }
      for (int d = 0; d < rule.detectors().size(); d++) {
        Detector detector = detector(rule.detectors().get(d), where + ".detectors[" + d + "]");
        detectors.putIfAbsent(detector, new DetectorRule(detector, strategy));
      }
    }
    this.columnRules = List.copyOf(columnRules);
    this.otherwise =
        detectors.isEmpty()
            ? ColumnMasking.Unmasked.INSTANCE
            : new ColumnMasking.Scanned(List.copyOf(detectors.values()));
  }

  private MaskingPolicy(List<ColumnRule> columnRules, ColumnMasking otherwise) {
    this.columnRules = columnRules;
    this.otherwise = otherwise;
  }

  /** A policy that masks nothing: for a connection without rules. */
  public static MaskingPolicy none() {
    return NONE;
  }

  /** Whether any rule names columns (so a protocol must know where result columns come from). */
  public boolean namesColumns() {
    return !columnRules.isEmpty();
  }

  /** Whether every column of every result is {@link ColumnMasking.Unmasked}. */
  public boolean masksNothing() {
    return columnRules.isEmpty() && otherwise instanceof ColumnMasking.Unmasked;
  }

  /**
   * What happens to one result column's values. Cheap enough for every column of every result
   * description; the instances returned are shared and immutable.
   *
   * @param qualifiedColumn the column the values come from, as {@code schema.table.column}
   *     (case-sensitive: PostgreSQL's own names), or empty for a computed column
   */
  public ColumnMasking forColumn(Optional<String> qualifiedColumn) {
    Objects.requireNonNull(qualifiedColumn, "qualifiedColumn");
    if (qualifiedColumn.isPresent()) {
      String column = qualifiedColumn.get();
      for (ColumnRule rule : columnRules) {
        if (rule.pattern().matches(column)) {
          return rule.masking();
        }
      }
    }
    return otherwise;
  }

  private static Strategy.Kind kind(String name, String where) {
    return Strategy.Kind.fromConfigName(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    where
                        + ".strategy: "
                        + (name == null ? "is required" : "unknown strategy '" + name + "'")
                        + "; one of "
                        + String.join(
                            ", ",
                            Arrays.stream(Strategy.Kind.values())
                                .map(Strategy.Kind::configName)
                                .toList())));
  }

  private static Detector detector(String name, String where) {
    return Detector.fromConfigName(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    where
                        + ": unknown detector '"
                        + name
                        + "'; one of "
                        + String.join(
                            ", ",
                            Arrays.stream(Detector.values()).map(Detector::configName).toList())));
  }

  @Override
  public String toString() {
    return "MaskingPolicy[" + columnRules.size() + " column patterns, " + otherwise + "]";
  }
}
