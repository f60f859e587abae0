package dev.drawbridge.server.cli;

import dev.drawbridge.server.BuildVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code drawbridge version}. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Print the version of this build.")
final class VersionCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(BuildVersion.describe());
    return ExitCodes.OK;
  }
}
