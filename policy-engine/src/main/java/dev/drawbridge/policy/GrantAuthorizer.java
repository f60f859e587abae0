package dev.drawbridge.policy;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.ports.Authorizer;
import java.time.Clock;
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
 * lookup and short scans: no I/O, no locks, no regular expressions, fit for an event loop.
 */
public final class GrantAuthorizer implements Authorizer {

  private final GrantIndex grants;
  private final Map<String, OptionalLong> rowLimits;
  private final Clock clock;

  private GrantAuthorizer(GrantIndex grants, Map<String, OptionalLong> rowLimits, Clock clock) {
    this.grants = grants;
    this.rowLimits = rowLimits;
    this.clock = clock;
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
    List<CompiledGrant> compiled = grants.stream().map(CompiledGrant::of).toList();
    Map<String, OptionalLong> rowLimits = new HashMap<>();
    for (CompiledGrant grant : compiled) {
      rowLimits.putIfAbsent(grant.id(), grant.rowLimit());
    }
    return new GrantAuthorizer(GrantIndex.of(compiled), Map.copyOf(rowLimits), clock);
  }

  @Override
  public Decision decide(Operation operation) {
    long now = clock.millis();
    Identity identity = operation.identity();
    String connection = operation.connection();
    List<CompiledGrant> onConnection = grants.on(connection);
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
    return rowLimits.getOrDefault(grantId, OptionalLong.empty());
  }
}
