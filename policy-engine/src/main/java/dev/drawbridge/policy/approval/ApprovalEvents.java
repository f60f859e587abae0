package dev.drawbridge.policy.approval;

/**
 * Who hears of approval requests as they happen (webhooks, chat): told when a statement starts
 * waiting and when it is decided. Called on the thread that made the change, so an implementation
 * hands the work off at once and never blocks or throws: a notification that fails must not hold up
 * the agent or the approver.
 */
public interface ApprovalEvents {

  /** Nobody hears. */
  ApprovalEvents NONE =
      new ApprovalEvents() {
        @Override
        public void requested(ApprovalRequest request) {}

        @Override
        public void decided(ApprovalRequest request) {}
      };

  /** A statement waits for an approver. */
  void requested(ApprovalRequest request);

  /**
   * A request was decided: approved, denied, timed out or abandoned ({@link
   * ApprovalRequest#verdict()}).
   */
  void decided(ApprovalRequest request);
}
