package dev.drawbridge.server.simulation;

import dev.drawbridge.audit.query.DecidedOperation;
import dev.drawbridge.audit.query.RunTimeGrantRecord;
import dev.drawbridge.policy.simulation.Recorded;
import dev.drawbridge.policy.simulation.RecordedOperation;
import dev.drawbridge.policy.simulation.RunTimeGrant;
import dev.drawbridge.policy.simulation.UnreplayableOperation;
import dev.drawbridge.policy.simulation.Verdict;
import java.util.Set;

/** The audit store's decided operations and run-time grants, as the policy engine replays them. */
final class TrailOperations {

  private TrailOperations() {}

  static Recorded recorded(DecidedOperation operation) {
    if (operation.unreadable() != null) {
      return unreplayable(operation, operation.unreadable());
    }
    if (operation.agent() == null || operation.agent().isBlank()) {
      return unreplayable(operation, "the record names no agent");
    }
    Verdict verdict =
        switch (operation.decision()) {
          case "allow" -> new Verdict(Verdict.Kind.ALLOW, operation.grant(), "");
          case "review" -> new Verdict(Verdict.Kind.REVIEW, operation.grant(), operation.reason());
          default -> new Verdict(Verdict.Kind.DENY, null, operation.reason());
        };
    DecidedOperation.SessionIdentity identity = operation.identity();
    boolean groupsRecorded = identity != null && operation.agent().equals(identity.agent());
    return new RecordedOperation(
        operation.eventId(),
        operation.time(),
        operation.session(),
        operation.sequence(),
        operation.agent(),
        groupsRecorded ? identity.groups() : Set.of(),
        groupsRecorded,
        operation.connection(),
        operation.action(),
        operation.verb(),
        operation.resources(),
        verdict);
  }

  private static UnreplayableOperation unreplayable(DecidedOperation operation, String why) {
    return new UnreplayableOperation(
        operation.eventId(), operation.time(), operation.agent(), operation.connection(), why);
  }

  static RunTimeGrant runTime(RunTimeGrantRecord grant) {
    return new RunTimeGrant(grant.grant(), grant.createdAt(), grant.expiresAt(), grant.revokedAt());
  }
}
