package dev.drawbridge.policy;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.ports.Authorizer;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Decides operations against the grants of the configuration file.
 *
 * <p>{@code connect} is allowed by the first grant, in the order of the file, whose subject is the
 * agent (by name) or one of its groups, whose connection is the one asked for, and which is in
 * force (through the whole UTC day of its {@code expires} date; a grant without one never lapses).
 * Otherwise it is refused with a reason and a remedy that cite only the agent's own grants. Every
 * other action is refused until statement-level rules are evaluated (see {@link StatementPolicy}).
 *
 * <p>The grants are indexed by connection when this is built, so a decision is a map lookup and a
 * short scan: no I/O, no locks, fit for an event loop.
 */
public final class GrantAuthorizer implements Authorizer {

  private final GrantIndex grants;
  private final StatementPolicy statements;
  private final Clock clock;

  private GrantAuthorizer(GrantIndex grants, StatementPolicy statements, Clock clock) {
    this.grants = grants;
    this.statements = statements;
    this.clock = clock;
  }

  /**
   * An authorizer over {@code grants}, as a loaded configuration holds them.
   *
   * @param clock tells which grants have lapsed
   * @throws IllegalArgumentException when a grant lacks an id, a connection or exactly one subject
   */
  public static GrantAuthorizer from(List<GrantConfig> grants, Clock clock) {
    Objects.requireNonNull(grants, "grants");
    Objects.requireNonNull(clock, "clock");
    List<CompiledGrant> compiled = grants.stream().map(CompiledGrant::of).toList();
    return new GrantAuthorizer(GrantIndex.of(compiled), StatementPolicy.NOT_YET_EVALUATED, clock);
  }

  @Override
  public Decision decide(Operation operation) {
    if (operation.action() == Action.CONNECT) {
      return grants
          .connect(operation.identity(), operation.connection(), clock.millis())
          .decision(operation.identity(), operation.connection());
    }
    return statements.decide(operation);
  }
}
