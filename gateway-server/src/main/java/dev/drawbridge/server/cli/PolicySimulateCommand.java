package dev.drawbridge.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.audit.query.DecisionTrail;
import dev.drawbridge.audit.query.TimeWindow;
import dev.drawbridge.config.LoadedConfig;
import dev.drawbridge.policy.simulation.Simulation;
import dev.drawbridge.policy.simulation.SimulationReport;
import dev.drawbridge.server.simulation.PolicySimulation;
import dev.drawbridge.server.simulation.SimulationJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code drawbridge policy simulate --config candidate.yaml [--since 30d | --from T --to T]
 * [--agent A]... [--connection C]... [--format text|json|md]}.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Replay recorded operations against the grants of a candidate configuration.",
      "Reads every operation the audit trail recorded in the window (from the store database of"
          + " the file's store.postgres, else from its audit.journal alone, like the audit"
          + " commands), decides each again with the file's grants at the instant it was recorded,"
          + " and reports what would change: newly refused, newly allowed, newly held, held now"
          + " allowed or refused, per agent and per grant, with the audit event ids behind every"
          + " figure. Nothing is changed anywhere.",
      "Times for --since, --from and --to: a duration back from now (30m, 24h, 7d) or an ISO"
          + " instant (2026-03-01T00:00:00Z) or date (2026-03-01, UTC).",
      "Exit status: 0 when nothing would change, 7 when some operation would be decided"
          + " differently, 1 when the trail cannot be read or an option is wrong, 2 when the"
          + " configuration is invalid."
    })
final class PolicySimulateCommand implements Callable<Integer> {

  /** The report's formats. */
  enum Format {
    text,
    json,
    md
  }

  private static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ConfigFile file;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      converter = AuditSinceConverter.class,
      description =
          "Operations recorded since: 24h, 30d, or an ISO instant or date (default: 30d).")
  Instant since;

  @Option(
      names = "--from",
      paramLabel = "WHEN",
      converter = AuditSinceConverter.class,
      description = "Operations recorded from (inclusive); the same as --since.")
  Instant from;

  @Option(
      names = "--to",
      paramLabel = "WHEN",
      converter = AuditSinceConverter.class,
      description = "Operations recorded before (exclusive) (default: now).")
  Instant to;

  @Option(
      names = "--agent",
      paramLabel = "NAME",
      description = "Only this agent's operations (repeatable).")
  List<String> agents = new ArrayList<>();

  @Option(
      names = "--connection",
      paramLabel = "NAME",
      description = "Only operations on this connection (repeatable).")
  List<String> connections = new ArrayList<>();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text, json or md (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--examples",
      paramLabel = "N",
      defaultValue = "" + Simulation.DEFAULT_EXAMPLES,
      description = "Operations shown in full per kind of change (default: ${DEFAULT-VALUE}).")
  int examples;

  @Option(
      names = "--remote",
      description =
          "Replay on a running gateway's own audit trail through its admin API (role reviewer or"
              + " auditor; see --admin and --token-file) instead of reading the trail from here;"
              + " only the candidate's grants are sent, and the report is printed as JSON.")
  boolean remote;

  @Mixin AdminClient admin;

  @Override
  public Integer call() {
    if (remote) {
      return remote();
    }
    if (since != null && from != null) {
      spec.commandLine().getErr().println("drawbridge: give --since or --from, not both");
      return ExitCodes.ERROR;
    }
    if (examples < 0) {
      spec.commandLine().getErr().println("drawbridge: --examples cannot be negative");
      return ExitCodes.ERROR;
    }
    return AuditSource.run(
        spec,
        file,
        (source, config, out, err) -> {
          Instant start =
              since != null
                  ? since
                  : from != null
                      ? from
                      : Clock.systemUTC()
                          .instant()
                          .truncatedTo(ChronoUnit.SECONDS)
                          .minus(DEFAULT_WINDOW);
          PolicySimulation.Request request =
              new PolicySimulation.Request(
                  new TimeWindow(start, to), Set.copyOf(agents), Set.copyOf(connections), examples);
          SimulationReport report =
              PolicySimulation.run(DecisionTrail.of(source), config.grants(), request);
          switch (format) {
            case json ->
                out.println(SimulationJson.of(report, request, source.describe()).toPrettyString());
            case md -> SimulationText.markdown(report, request, file.path, out);
            case text -> SimulationText.text(report, request, file.path, out);
          }
          return report.changed() ? ExitCodes.POLICY_CHANGES : ExitCodes.OK;
        });
  }

  /** Sends the candidate's grants to the gateway's admin API, which replays its own trail. */
  private int remote() {
    if (from != null || to != null) {
      spec.commandLine().getErr().println("drawbridge: --remote takes --since, not --from/--to");
      return ExitCodes.ERROR;
    }
    Optional<LoadedConfig> loaded = file.load(spec.commandLine().getErr());
    if (loaded.isEmpty()) {
      return ExitCodes.INVALID_CONFIG;
    }
    ObjectNode body = AdminClient.object();
    body.set("grants", CandidateGrants.json(loaded.get().config().grants()));
    Instant start = since != null ? since : Instant.now().minus(DEFAULT_WINDOW);
    body.put("since", Math.max(1, Duration.between(start, Instant.now()).toSeconds()) + "s");
    agents.forEach(body.withArray("agents")::add);
    connections.forEach(body.withArray("connections")::add);
    body.put("examples", examples);
    return admin.call(
        spec,
        "POST",
        "/api/v1/policy/simulate",
        body,
        (answer, out) -> {
          out.println(AdminClient.pretty(answer));
          return answer.path("changed").asBoolean() ? ExitCodes.POLICY_CHANGES : ExitCodes.OK;
        });
  }
}
