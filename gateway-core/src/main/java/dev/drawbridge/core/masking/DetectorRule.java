package dev.drawbridge.core.masking;

import java.util.Objects;

/**
 * A detector and the strategy its matches are masked with.
 *
 * @param detector what is looked for
 * @param strategy how each match is masked
 */
public record DetectorRule(Detector detector, Strategy strategy) {

  public DetectorRule {
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(strategy, "strategy");
  }

  /**
   * {@code value} with every match of the detector masked in place, the text around them kept.
   *
   * @return {@code value} itself (the same instance) when nothing is found, without allocating;
   *     {@code null} when something is found and the strategy is {@code null} (the whole value
   *     becomes SQL {@code NULL}), or when {@code value} is {@code null}
   */
  public String mask(String value) {
    return Scanning.mask(value, this);
  }
}
