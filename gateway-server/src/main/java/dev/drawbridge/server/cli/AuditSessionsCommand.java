package dev.drawbridge.server.cli;

import dev.drawbridge.audit.query.SessionFilter;
import dev.drawbridge.audit.query.SessionSummary;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drawbridge audit sessions --config FILE [--agent A] [--connection C] [--since 24h]}. */
@Command(
    name = "sessions",
    mixinStandardHelpOptions = true,
    description = {
      "List sessions, newest first.",
      "Columns: session, agent, connection, client, start, end, operations"
          + " and operations denied.",
      "Exit status: 0 when listed, 1 when the trail cannot be read, 2 when the configuration is"
          + " invalid."
    })
final class AuditSessionsCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ConfigFile file;

  @Option(names = "--agent", paramLabel = "NAME", description = "Only this agent's sessions.")
  String agent;

  @Option(
      names = "--connection",
      paramLabel = "NAME",
      description = "Only sessions on this connection.")
  String connection;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      converter = AuditSinceConverter.class,
      description = "Only sessions started since: 24h, 7d, or an ISO instant or date.")
  Instant since;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "200",
      description = "At most this many, the newest (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    if (limit < 1) {
      spec.commandLine().getErr().println("--limit must be at least 1");
      return ExitCodes.ERROR;
    }
    return AuditSource.run(
        spec,
        file,
        (source, config, out, err) -> {
          List<SessionSummary> sessions =
              source.sessions(new SessionFilter(agent, connection, since, limit));
          if (sessions.isEmpty()) {
            out.println("no sessions");
            return ExitCodes.OK;
          }
          AuditTable table =
              new AuditTable(
                  "SESSION", "AGENT", "CONNECTION", "CLIENT", "STARTED", "ENDED", "OPS", "DENIED");
          for (SessionSummary s : sessions) {
            table.row(
                s.session().toString(),
                s.agent(),
                s.connection(),
                s.client(),
                AuditEventText.shortTime(s.startedAt()),
                s.ended().map(AuditEventText::shortTime).orElse("(open)"),
                Long.toString(s.operations()),
                Long.toString(s.denied()));
          }
          table.print(out);
          return ExitCodes.OK;
        });
  }
}
