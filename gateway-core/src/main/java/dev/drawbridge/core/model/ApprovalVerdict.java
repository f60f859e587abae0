package dev.drawbridge.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** What became of an operation that waited for a human's approval. */
public sealed interface ApprovalVerdict {

  /** The word the audit record and the admin API use: {@code approved}, {@code denied}, … */
  String outcome();

  /**
   * An approver let it run.
   *
   * @param approver who approved (their subject)
   * @param reason what they said, or empty
   * @param grantId the temporary grant the approval created ({@code approve --for}), or empty when
   *     it approved this one statement
   * @param until when that temporary grant lapses, or null when it approved this one statement
   */
  record Approved(String approver, String reason, String grantId, Instant until)
      implements ApprovalVerdict {
    public Approved {
      Objects.requireNonNull(approver, "approver");
      reason = reason == null ? "" : reason;
      grantId = grantId == null ? "" : grantId;
    }

    /** Approved for this one statement only. */
    public static Approved once(String approver, String reason) {
      return new Approved(approver, reason, "", null);
    }

    @Override
    public String outcome() {
      return "approved";
    }
  }

  /** An approver refused it. */
  record Denied(String approver, String reason) implements ApprovalVerdict {
    public Denied {
      Objects.requireNonNull(approver, "approver");
      reason = reason == null ? "" : reason;
    }

    @Override
    public String outcome() {
      return "denied";
    }
  }

  /** Nobody decided in time. */
  record TimedOut(Duration waited) implements ApprovalVerdict {
    public TimedOut {
      Objects.requireNonNull(waited, "waited");
    }

    @Override
    public String outcome() {
      return "timed-out";
    }
  }

  /** The agent stopped waiting: it cancelled, disconnected, or its session ended. */
  record Abandoned(String reason) implements ApprovalVerdict {
    public Abandoned {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String outcome() {
      return "abandoned";
    }
  }

  /**
   * The gateway could not keep the request before approvers (its approval store failed), so the
   * statement does not run.
   */
  record Failed(String reason) implements ApprovalVerdict {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String outcome() {
      return "failed";
    }
  }
}
