package dev.drawbridge.policy.approval;

import dev.drawbridge.core.model.Identity;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What approvers do with held statements: list them, approve one (once, or for a while, which
 * creates a temporary grant for the same action on the same resources), deny one with a reason.
 * Each call checks the caller: only an {@code approver} (or {@code admin}) decides, and never on a
 * request of their own.
 */
public interface ApprovalDesk {

  /** Requests newest first: those still pending, or (with {@code all}) recent decided ones too. */
  List<ApprovalRequest> list(boolean all);

  Optional<ApprovalRequest> find(String id);

  /**
   * Lets the held statement run.
   *
   * @param forDuration null to approve this one statement; else how long a temporary grant for the
   *     same action on the same resources lasts (at most {@code approvals.maxGrant})
   * @param reason what the approver says (recorded; required with {@code forDuration})
   */
  DeskAnswer<ApprovalRequest> approve(
      String id, Identity approver, Duration forDuration, String reason);

  /** Refuses the held statement; the agent is told {@code reason}. */
  DeskAnswer<ApprovalRequest> deny(String id, Identity approver, String reason);
}
