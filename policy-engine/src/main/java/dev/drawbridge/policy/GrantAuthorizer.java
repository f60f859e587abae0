package dev.drawbridge.policy;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.ports.Authorizer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Decides operations against the grants of the configuration file (docs/policy.md).
 *
 * <p>A grant applies to an operation when its subject is the agent (by name) or one of its groups,
 * its connection is the operation's, and it is in force (through the whole UTC day of its {@code
 * expires} date; a grant without one never lapses). {@code connect} is allowed by the first
 * applicable grant, in the order of the file, with an {@code allow} or {@code review} rule, unless
 * an applicable grant denies {@code connect}. Every other operation first passes the same check,
 * then its rules decide (see {@link StatementPolicy}): deny wins, then allow, then review, else
 * refused. Refusals cite only the agent's own grants on that connection.
 *
 * <p>The grants are compiled and indexed by connection when this is built, so a decision is a map
 * lookup and short scans: no I/O, no locks, no regular expressions, fit for an event loop. Grants
 * made at run time ({@link #runTime}) join them in a new index, swapped in whole.
 */
public final class GrantAuthorizer implements Authorizer {

  /**
   * A grant made at run time (by an approval for a while, or through the admin API).
   *
   * @param grant the grant, as the file would write it
   * @param lapsesAt the instant it stops being in force (its {@code expires} is not read)
   */
  public record RunTime(GrantConfig grant, Instant lapsesAt) {
    public RunTime {
      Objects.requireNonNull(grant, "grant");
      Objects.requireNonNull(lapsesAt, "lapsesAt");
    }
  }

  /** The grants decisions read, swapped whole when run-time grants change. */
  private record Snapshot(GrantIndex index, Map<String, OptionalLong> rowLimits) {

    static Snapshot of(List<CompiledGrant> grants) {
      Map<String, OptionalLong> rowLimits = new HashMap<>();
      for (CompiledGrant grant : grants) {
        rowLimits.putIfAbsent(grant.id(), grant.rowLimit());
      }
      return new Snapshot(GrantIndex.of(grants), Map.copyOf(rowLimits));
    }
  }

  private final List<CompiledGrant> configured;
  private final Clock clock;
  private volatile Snapshot snapshot;

  private GrantAuthorizer(List<CompiledGrant> configured, Clock clock) {
    this.configured = configured;
    this.clock = clock;
    this.snapshot = Snapshot.of(configured);
  }

  /**
   * An authorizer over {@code grants}, as a loaded configuration holds them.
   *
   * @param clock tells which grants have lapsed; read at every decision
   * @throws IllegalArgumentException when a grant lacks an id, a connection or exactly one subject,
   *     or has a rule with an unknown action, an empty table glob or an empty column name
   */
  public static GrantAuthorizer from(List<GrantConfig> grants, Clock clock) {
    Objects.requireNonNull(grants, "grants");
    Objects.requireNonNull(clock, "clock");
    return new GrantAuthorizer(grants.stream().map(CompiledGrant::of).toList(), clock);
  }

  /**
   * Decisions from now on take {@code runTime} beside the file's grants (after them, in this
   * order). Replaces the run-time grants given before.
   *
   * @throws IllegalArgumentException when one of them is invalid or reuses a file grant's id
   */
  public synchronized void runTime(List<RunTime> runTime) {
    List<CompiledGrant> all = new ArrayList<>(configured);
    for (RunTime grant : runTime) {
      if (configured.stream().anyMatch(c -> c.id().equals(grant.grant().id()))) {
        throw new IllegalArgumentException(
            "grant '" + grant.grant().id() + "' exists in the configuration file");
      }
      all.add(CompiledGrant.of(grant.grant()).lapsingAt(grant.lapsesAt().toEpochMilli()));
    }
    snapshot = Snapshot.of(all);
  }

  @Override
  public Decision decide(Operation operation) {
    long now = clock.millis();
    Identity identity = operation.identity();
    String connection = operation.connection();
    List<CompiledGrant> onConnection = snapshot.index().on(connection);
    ConnectMatch admission = ConnectMatch.of(onConnection, identity, now);
    if (operation.action() == Action.CONNECT || !(admission instanceof ConnectMatch.InForce)) {
      return admission.decision(identity, connection);
    }
    return StatementPolicy.decide(
        operation,
        new ApplicableGrants(onConnection, identity, now),
        ((ConnectMatch.InForce) admission).grant().allowed());
  }

  /**
   * The {@code limits.rowsPerStatement} of the grant {@code grantId}: for an allowed operation, the
   * most rows it may return under the grant its decision cites. Empty when that grant sets no limit
   * or no grant has that id.
   */
  @Override
  public OptionalLong rowLimit(String grantId) {
    return snapshot.rowLimits().getOrDefault(grantId, OptionalLong.empty());
  }
}
