package dev.drawbridge.audit.query;

import java.util.Locale;

/** Whose events a chain holds: one session's, or a gateway run's (events of no session). */
public enum ChainKind {
  SESSION("session"),
  GATEWAY("gateway run");

  private final String label;

  ChainKind(String label) {
    this.label = label;
  }

  /** How {@code audit.chains.kind} writes it. */
  public String columnValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ChainKind ofColumn(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** How people read it: {@code session 0193…}, {@code gateway run 0193…}. */
  public String label() {
    return label;
  }
}
