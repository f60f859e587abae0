package dev.drawbridge.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code review show Q4 [GRANT]}: a campaign as a table, or one item as the API's JSON. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "A campaign's items, or one item whole (role: reviewer).")
final class ReviewShowCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin AdminClient admin;

  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  @Parameters(index = "1", arity = "0..1", paramLabel = "GRANT")
  String grant;

  @Option(names = "--json", description = "Print the API's JSON.")
  boolean json;

  @Override
  public Integer call() {
    String path =
        ReviewCommand.PATH
            + "/"
            + AdminClient.segment(name)
            + (grant == null ? "" : "/items/" + AdminClient.segment(grant));
    return admin.call(
        spec,
        "GET",
        path,
        null,
        (answer, out) -> {
          if (grant != null || json) {
            out.println(AdminClient.pretty(answer));
          } else {
            ReviewText.campaign(answer, out);
          }
          return ExitCodes.OK;
        });
  }
}
