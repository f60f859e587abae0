package dev.drawbridge.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Objects;

/**
 * A secret value from the configuration (already resolved from its {@code ${env:…}} or {@code
 * ${file:…}} reference). Its {@link #toString()} never shows the value, so a secret printed by
 * accident, in a log line or in a record's {@code toString}, stays secret.
 */
public final class Secret {

  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  @JsonCreator
  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The secret itself; call only where it is used, never to log or display it. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "***";
  }
}
