package dev.drawbridge.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code review list}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the campaigns (roles: reviewer, auditor).")
final class ReviewListCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin AdminClient admin;

  @Option(names = "--json", description = "Print the API's JSON.")
  boolean json;

  @Override
  public Integer call() {
    return admin.call(
        spec,
        "GET",
        ReviewCommand.PATH,
        null,
        (answer, out) -> {
          if (json) {
            out.println(AdminClient.pretty(answer));
          } else {
            ReviewText.campaigns(answer, out);
          }
          return ExitCodes.OK;
        });
  }
}
