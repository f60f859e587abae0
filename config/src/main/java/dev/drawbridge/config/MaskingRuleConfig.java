package dev.drawbridge.config;

import java.util.List;

/**
 * A masking rule: which fields, found by name or by content, and how they are masked.
 *
 * @param columns qualified column names ({@code schema.table.column}), globs allowed
 * @param detectors content detectors ({@code email}, {@code credit-card}, {@code us-ssn}, …)
 * @param strategy how matching values are masked ({@code redact}, {@code partial}, {@code email},
 *     {@code hash}, {@code null})
 */
public record MaskingRuleConfig(List<String> columns, List<String> detectors, String strategy) {

  public MaskingRuleConfig {
    columns = columns == null ? List.of() : List.copyOf(columns);
    detectors = detectors == null ? List.of() : List.copyOf(detectors);
  }
}
