package dev.drawbridge.config.internal;

import dev.drawbridge.config.ApprovalsConfig;
import dev.drawbridge.config.DrawbridgeConfig;
import java.time.Duration;

/** How long held statements wait and how long temporary grants may last. */
final class ApprovalRules implements SemanticRule {

  /** The longest an agent's statement may wait for an approver. */
  static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  /** The longest a grant given by an approval may last. */
  static final Duration MAX_GRANT = Duration.ofDays(366);

  @Override
  public void check(DrawbridgeConfig config, ValidationContext context) {
    ApprovalsConfig approvals = config.approvals();
    Limits.positiveAtMost(approvals.timeout(), MAX_TIMEOUT, "approvals.timeout", context);
    Limits.positiveAtMost(approvals.maxGrant(), MAX_GRANT, "approvals.maxGrant", context);
  }
}
