package dev.drawbridge.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code review start --name Q4 [--connection C]... [--agent A]... [--window 90d]}. */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = "Open a campaign with one item per grant in scope (role: reviewer).")
final class ReviewStartCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin AdminClient admin;

  @Option(names = "--name", required = true, paramLabel = "NAME", description = "Its name.")
  String name;

  @Option(names = "--connection", paramLabel = "C", description = "A connection in scope.")
  List<String> connections = new ArrayList<>();

  @Option(names = "--agent", paramLabel = "A", description = "An agent in scope.")
  List<String> agents = new ArrayList<>();

  @Option(
      names = "--window",
      paramLabel = "DURATION",
      defaultValue = "90d",
      description = "How far back the evidence reaches (default 90d).")
  String window;

  @Option(names = "--json", description = "Print the API's JSON.")
  boolean json;

  @Override
  public Integer call() {
    ObjectNode body = AdminClient.object().put("name", name).put("window", window);
    ArrayNode c = body.putArray("connections");
    connections.forEach(c::add);
    ArrayNode a = body.putArray("agents");
    agents.forEach(a::add);
    return admin.call(
        spec,
        "POST",
        ReviewCommand.PATH,
        body,
        (answer, out) -> {
          if (json) {
            out.println(AdminClient.pretty(answer));
          } else {
            ReviewText.campaign(answer, out);
          }
          return ExitCodes.OK;
        });
  }
}
