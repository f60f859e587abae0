package dev.drawbridge.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code drawbridge} command. */
@Command(
    name = "drawbridge",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Layer 7 access gateway for AI agents.",
    subcommands = {
      ServeCommand.class,
      ConfigCommand.class,
      TokenCommand.class,
      AuditCommand.class,
      PolicyCommand.class,
      ApprovalsCommand.class,
      GrantsCommand.class,
      ReviewCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class DrawbridgeCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A command line ready to execute, with Drawbridge's exit codes. */
  public static CommandLine commandLine() {
    CommandLine line = new CommandLine(new DrawbridgeCommand());
    line.setExitCodeExceptionMapper(e -> ExitCodes.ERROR);
    return line;
  }
}
