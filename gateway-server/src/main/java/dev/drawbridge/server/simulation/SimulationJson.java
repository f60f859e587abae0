package dev.drawbridge.server.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.core.model.Resource;
import dev.drawbridge.policy.simulation.Outcome;
import dev.drawbridge.policy.simulation.SimulationReport;
import dev.drawbridge.policy.simulation.SimulationReport.Tally;
import dev.drawbridge.policy.simulation.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** A simulation report as JSON (documented in docs/policy-simulation.md). */
public final class SimulationJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SimulationJson() {}

  /** An outcome as JSON names it: {@code newly-refused}. */
  public static String key(Outcome outcome) {
    return outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** {@code report} of {@code request}, read from {@code source}. */
  public static ObjectNode of(
      SimulationReport report, PolicySimulation.Request request, String source) {
    ObjectNode root = JSON.createObjectNode();
    root.put("source", source);
    ObjectNode window = root.putObject("window");
    window.put("from", time(request.window().from()));
    window.put("to", time(request.window().to()));
    strings(root.putArray("agents"), request.agents().stream().sorted().toList());
    strings(root.putArray("connections"), request.connections().stream().sorted().toList());
    root.put("operations", report.operations());
    root.put("firstRecorded", time(report.firstRecorded()));
    root.put("lastRecorded", time(report.lastRecorded()));
    root.put("changed", report.changed());
    root.put("changes", report.changes());
    ObjectNode totals = root.putObject("totals");
    for (Outcome outcome : Outcome.values()) {
      tally(totals.putObject(key(outcome)), report.total(outcome));
    }
    ArrayNode agents = root.putArray("byAgent");
    for (SimulationReport.AgentRow row : report.agents()) {
      ObjectNode node = agents.addObject();
      node.put("agent", row.agent());
      node.put("outcome", key(row.outcome()));
      tally(node, row.tally());
    }
    ArrayNode grants = root.putArray("byGrant");
    for (SimulationReport.GrantRow row : report.grants()) {
      ObjectNode node = grants.addObject();
      node.put("recordedGrant", emptyAsNull(row.recordedGrant()));
      node.put("candidateGrant", emptyAsNull(row.candidateGrant()));
      node.put("outcome", key(row.outcome()));
      tally(node, row.tally());
    }
    ArrayNode reasons = root.putArray("notReplayable");
    for (SimulationReport.ReasonRow row : report.notReplayable()) {
      ObjectNode node = reasons.addObject();
      node.put("why", row.why());
      tally(node, row.tally());
    }
    ObjectNode examples = root.putObject("examples");
    for (Outcome outcome : Outcome.values()) {
      List<SimulationReport.Example> list = report.examples().get(outcome);
      if (list == null) {
        continue;
      }
      ArrayNode array = examples.putArray(key(outcome));
      for (SimulationReport.Example example : list) {
        example(array.addObject(), example);
      }
    }
    strings(root.putArray("notes"), report.notes());
    return root;
  }

  private static void example(ObjectNode node, SimulationReport.Example example) {
    node.put("eventId", example.eventId().toString());
    node.put("time", time(example.time()));
    node.put("agent", example.agent());
    node.put("connection", example.connection());
    node.put("action", example.action());
    node.put("verb", example.verb());
    ArrayNode resources = node.putArray("resources");
    for (Resource resource : example.resources()) {
      resource(resources.addObject(), resource);
    }
    verdict(node, "recorded", example.recorded());
    verdict(node, "candidate", example.candidate());
    node.put("note", example.note());
  }

  private static void verdict(ObjectNode parent, String name, Verdict verdict) {
    if (verdict == null) {
      parent.putNull(name);
      return;
    }
    ObjectNode node = parent.putObject(name);
    node.put(
        "decision",
        switch (verdict.kind()) {
          case ALLOW -> "allow";
          case REVIEW -> "review";
          case DENY -> "deny";
        });
    node.put("grant", verdict.grantId());
    node.put("reason", verdict.reason());
  }

  /** A resource as audit records write it. */
  private static void resource(ObjectNode node, Resource resource) {
    switch (resource) {
      case Resource.Table table -> {
        node.put("kind", "table");
        node.put("name", table.qualifiedName());
        strings(node.putArray("columns"), table.columns());
      }
      case Resource.Function function -> {
        node.put("kind", "function");
        node.put("name", function.qualifiedName());
      }
      case Resource.Path path -> {
        node.put("kind", "path");
        node.put("method", path.method());
        node.put("name", path.path());
      }
      case Resource.Command command -> {
        node.put("kind", "command");
        node.put("name", command.argv().getFirst());
        strings(node.putArray("argv"), command.argv());
      }
      case Resource.File file -> {
        node.put("kind", "file");
        node.put("name", file.path());
      }
    }
  }

  private static void tally(ObjectNode node, Tally tally) {
    node.put("count", tally.count());
    ArrayNode events = node.putArray("events");
    for (UUID event : tally.events()) {
      events.add(event.toString());
    }
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static String time(Instant time) {
    return time == null ? null : time.toString();
  }

  private static String emptyAsNull(String value) {
    return value.isEmpty() ? null : value;
  }
}
