package dev.drawbridge.policy.review;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An access review campaign: the grants in its scope, each reviewed over the same window.
 *
 * @param name its name ({@code Q4}), unique on the store
 * @param connections the connections in scope; empty: every connection
 * @param agents the agents in scope; empty: every agent
 * @param windowStart the window's start (inclusive)
 * @param windowEnd the window's end (exclusive): when the campaign started
 * @param startedBy who started it (their subject)
 * @param startedAt when
 * @param agentsJson per agent in scope, what it did, what was refused and its approvals, as JSON
 *     (the report's evidence, captured when it started)
 */
public record Campaign(
    String name,
    List<String> connections,
    List<String> agents,
    Instant windowStart,
    Instant windowEnd,
    String startedBy,
    Instant startedAt,
    String agentsJson) {

  public Campaign {
    Objects.requireNonNull(name, "name");
    connections = List.copyOf(connections);
    agents = List.copyOf(agents);
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    Objects.requireNonNull(startedBy, "startedBy");
    Objects.requireNonNull(startedAt, "startedAt");
    agentsJson = agentsJson == null ? "[]" : agentsJson;
  }
}
