package dev.drawbridge.server.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.audit.query.AuditQueryException;
import dev.drawbridge.audit.query.DecisionTrail;
import dev.drawbridge.audit.query.RecordSource;
import dev.drawbridge.audit.query.TimeWindow;
import dev.drawbridge.config.Durations;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.policy.GrantAuthorizer;
import dev.drawbridge.policy.simulation.Simulation;
import dev.drawbridge.policy.simulation.SimulationReport;
import dev.drawbridge.server.simulation.PolicySimulation;
import dev.drawbridge.server.simulation.SimulationJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/v1/policy/simulate}: replays the recorded operations against a candidate grant
 * set sent in the body, on the gateway's own audit trail, so that {@code drawbridge policy simulate
 * --admin URL} works against a remote gateway. Only grants are taken from the caller: a whole
 * configuration file would carry secret references the gateway would resolve.
 */
final class SimulationEndpoints {

  static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

  private final RecordSource trail;

  SimulationEndpoints(RecordSource trail) {
    this.trail = trail;
  }

  List<Route> routes() {
    return List.of(
        new Route(
            "POST",
            "/api/v1/policy/simulate",
            Route.Feature.AUDIT,
            Set.of(Role.REVIEWER, Role.AUDITOR),
            "simulating a grant set",
            this::simulate));
  }

  /**
   * {@code {"grants": [grant…], "since": "30d", "agents": […], "connections": […], "examples": 5}}.
   */
  private ApiResponse simulate(Route.Call call) {
    ObjectNode body =
        RequestBody.object(
            call.request(), Set.of("grants", "since", "agents", "connections", "examples"));
    JsonNode grantsNode = body.get("grants");
    if (grantsNode == null || !grantsNode.isArray()) {
      throw new ProblemException(400, "'grants' is required: the candidate grants, a list");
    }
    List<GrantConfig> candidate = new ArrayList<>();
    for (int i = 0; i < grantsNode.size(); i++) {
      candidate.add(GrantBodies.candidate(grantsNode.get(i), "grants[" + i + "]"));
    }
    try {
      GrantAuthorizer.from(candidate, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw new ProblemException(400, "a candidate grant is invalid: " + e.getMessage());
    }
    Duration since =
        RequestBody.string(body, "since")
            .map(
                text -> {
                  try {
                    return Durations.parse(text);
                  } catch (IllegalArgumentException e) {
                    throw new ProblemException(400, "'since': " + e.getMessage());
                  }
                })
            .orElse(DEFAULT_WINDOW);
    JsonNode examplesNode = body.get("examples");
    int examples = Simulation.DEFAULT_EXAMPLES;
    if (examplesNode != null && !examplesNode.isNull()) {
      if (!examplesNode.isInt() || examplesNode.asInt() < 0 || examplesNode.asInt() > 100) {
        throw new ProblemException(400, "'examples' must be a whole number from 0 to 100");
      }
      examples = examplesNode.asInt();
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    PolicySimulation.Request request =
        new PolicySimulation.Request(
            new TimeWindow(now.minus(since), null),
            strings(body, "agents"),
            strings(body, "connections"),
            examples);
    SimulationReport report;
    try {
      report = PolicySimulation.run(DecisionTrail.of(trail), candidate, request);
    } catch (AuditQueryException e) {
      throw new ProblemException(503, "the audit store cannot be read: " + e.getMessage());
    }
    return ApiResponse.json(
        200, ApiJson.write(SimulationJson.of(report, request, trail.describe())));
  }

  private static Set<String> strings(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return Set.of();
    }
    if (!node.isArray()) {
      throw new ProblemException(400, "'" + field + "' must be a list of strings");
    }
    Set<String> values = new LinkedHashSet<>();
    for (JsonNode value : node) {
      if (!value.isTextual()) {
        throw new ProblemException(400, "'" + field + "' must be a list of strings");
      }
      values.add(value.asText());
    }
    return values;
  }
}
