package dev.drawbridge.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code review patch Q4}: the configuration file's patch, as YAML. */
@Command(
    name = "patch",
    mixinStandardHelpOptions = true,
    description =
        "The changes the campaign's decisions make to the configuration file's grants, as YAML"
            + " (role: reviewer).")
final class ReviewPatchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin AdminClient admin;

  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  public Integer call() {
    return admin.call(
        spec,
        "GET",
        ReviewCommand.PATH + "/" + AdminClient.segment(name) + "/patch",
        null,
        (answer, out) -> {
          out.print(answer.path("yaml").asText());
          return ExitCodes.OK;
        });
  }
}
