package dev.drawbridge.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code review extend NAME GRANT --until WHEN}. */
@Command(
    name = "extend",
    mixinStandardHelpOptions = true,
    description = "Keep the grant until a later end (role: reviewer).")
final class ReviewExtendCommand extends ReviewDecideCommand {
  @Option(
      names = "--until",
      required = true,
      paramLabel = "WHEN",
      description = "The last day (2027-06-30) or an instant (2027-06-30T12:00:00Z).")
  String until;

  @Override
  String decision() {
    return "extend";
  }

  @Override
  String until() {
    return until;
  }
}
