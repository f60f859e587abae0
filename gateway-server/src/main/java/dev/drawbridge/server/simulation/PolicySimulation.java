package dev.drawbridge.server.simulation;

import dev.drawbridge.audit.query.AuditQueryException;
import dev.drawbridge.audit.query.DecisionTrail;
import dev.drawbridge.audit.query.TimeWindow;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.policy.simulation.RunTimeGrant;
import dev.drawbridge.policy.simulation.Simulation;
import dev.drawbridge.policy.simulation.SimulationReport;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Replays the operations the audit trail recorded in a window against candidate grants: each is
 * decided again at the instant it was recorded, beside the run-time grants in force then, and
 * compared with what was decided. Reads; prints nothing.
 */
public final class PolicySimulation {

  /**
   * What to replay.
   *
   * @param window the operations' times
   * @param agents only these agents' operations (empty: every agent's)
   * @param connections only operations on these connections (empty: every connection)
   * @param examples how many operations the report keeps in full per outcome
   */
  public record Request(
      TimeWindow window, Set<String> agents, Set<String> connections, int examples) {
    public Request {
      Objects.requireNonNull(window, "window");
      agents = agents == null ? Set.of() : Set.copyOf(agents);
      connections = connections == null ? Set.of() : Set.copyOf(connections);
      if (examples < 0) {
        throw new IllegalArgumentException("examples cannot be negative: " + examples);
      }
    }
  }

  private PolicySimulation() {}

  /**
   * The report of {@code candidate} over {@code trail}.
   *
   * @throws AuditQueryException when the trail cannot be read
   * @throws IllegalArgumentException when a candidate grant is invalid
   */
  public static SimulationReport run(
      DecisionTrail trail, List<GrantConfig> candidate, Request request)
      throws AuditQueryException {
    List<RunTimeGrant> runTime =
        trail.runTimeGrants(request.window().to()).stream().map(TrailOperations::runTime).toList();
    Simulation simulation = Simulation.against(candidate, runTime, request.examples());
    trail.operations(
        request.window(),
        request.agents(),
        request.connections(),
        operation -> simulation.add(TrailOperations.recorded(operation)));
    return simulation.report();
  }
}
