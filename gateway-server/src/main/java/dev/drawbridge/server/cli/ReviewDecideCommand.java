package dev.drawbridge.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What the four decisions share: {@code review DECISION NAME GRANT [--reason TEXT]} posts the
 * decision on the item and prints what it did.
 */
abstract class ReviewDecideCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin AdminClient admin;

  @Parameters(index = "0", paramLabel = "NAME", description = "The campaign.")
  String name;

  @Parameters(index = "1", paramLabel = "GRANT", description = "The item's grant id.")
  String grant;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded).")
  String reason;

  /** The decision as the API names it. */
  abstract String decision();

  /** The grant's new end, for extend; else null. */
  String until() {
    return null;
  }

  @Override
  public Integer call() {
    ObjectNode body = AdminClient.object().put("decision", decision());
    if (reason != null) {
      body.put("reason", reason);
    }
    if (until() != null) {
      body.put("until", until());
    }
    return admin.call(
        spec,
        "POST",
        ReviewCommand.PATH
            + "/"
            + AdminClient.segment(name)
            + "/items/"
            + AdminClient.segment(grant)
            + "/decision",
        body,
        (answer, out) -> {
          out.println(ReviewText.decided(answer, name, grant));
          return ExitCodes.OK;
        });
  }
}
