package dev.drawbridge.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code drawbridge policy …}: questions about grants before they are deployed. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = {"Try grants before deploying them."},
    subcommands = {PolicySimulateCommand.class})
final class PolicyCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
