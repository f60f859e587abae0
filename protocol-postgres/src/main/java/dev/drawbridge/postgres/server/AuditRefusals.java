package dev.drawbridge.postgres.server;

import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.ports.AuditReceipt;

/** What an agent is told when the audit journal cannot record what it asked for. */
final class AuditRefusals {

  static final String HINT =
      "the gateway fails closed while its audit journal cannot record (audit.onFailure:"
          + " fail-closed); retry once it recovers, or tell the gateway's operators";

  private AuditRefusals() {}

  /** The refusal of an operation its receipt did not let go ahead. */
  static Decision.Deny operation(AuditReceipt.Refused refused) {
    return new Decision.Deny(
        "the gateway cannot record this statement in its audit journal ("
            + refused.reason()
            + "), so it does not run it",
        HINT);
  }
}
