package dev.drawbridge.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What the gateway does when the audit journal cannot accept an event. */
public enum AuditFailurePolicy {
  FAIL_CLOSED("fail-closed"),
  CONTINUE("continue");

  private final String configName;

  AuditFailurePolicy(String configName) {
    this.configName = configName;
  }

  @JsonValue
  public String configName() {
    return configName;
  }

  @JsonCreator
  public static AuditFailurePolicy fromConfigName(String name) {
    for (AuditFailurePolicy policy : values()) {
      if (policy.configName.equals(name)) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "unknown audit failure policy '" + name + "' (expected fail-closed or continue)");
  }
}
