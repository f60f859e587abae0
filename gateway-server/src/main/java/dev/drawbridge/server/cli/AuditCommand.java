package dev.drawbridge.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code drawbridge audit …}: read, verify and export the audit trail. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Read, verify and export the audit trail.",
      "Reads the store database when store.postgres is configured, otherwise the journal"
          + " directory (audit.journal) alone, and says which on standard error.",
      "Times for --since: a duration back from now (30m, 24h, 7d) or an ISO instant"
          + " (2026-03-01T00:00:00Z) or date (2026-03-01, UTC)."
    },
    subcommands = {
      AuditSessionsCommand.class,
      AuditShowCommand.class,
      AuditTailCommand.class,
      AuditVerifyCommand.class,
      AuditExportCommand.class
    })
final class AuditCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
