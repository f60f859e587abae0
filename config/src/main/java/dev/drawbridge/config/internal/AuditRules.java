package dev.drawbridge.config.internal;

import dev.drawbridge.config.AuditConfig;
import dev.drawbridge.config.DataSize;
import dev.drawbridge.config.DrawbridgeConfig;
import java.time.Duration;

/** The audit journal's cadence and sizes. */
final class AuditRules implements SemanticRule {

  private static final DataSize MIN_SEGMENT = DataSize.ofBytes(64L << 10);
  private static final DataSize MAX_SEGMENT = DataSize.ofBytes(1L << 30);
  private static final Duration MAX_FSYNC = Duration.ofSeconds(10);

  @Override
  public void check(DrawbridgeConfig config, ValidationContext context) {
    AuditConfig audit = config.audit();
    Limits.positiveAtMost(audit.fsyncInterval(), MAX_FSYNC, "audit.fsyncInterval", context);
    Limits.between(audit.segmentSize(), MIN_SEGMENT, MAX_SEGMENT, "audit.segmentSize", context);
    if (audit.maxSize().bytes() < 2 * audit.segmentSize().bytes()) {
      context.error(
          "audit.maxSize",
          "must be at least twice audit.segmentSize ("
              + audit.segmentSize()
              + "), got "
              + context.echo().plain("audit.maxSize", audit.maxSize().toString()));
    }
  }
}
