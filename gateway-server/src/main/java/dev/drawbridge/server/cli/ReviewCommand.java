package dev.drawbridge.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.server.review.ReviewReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drawbridge review …}: access review campaigns, through the admin API. */
@Command(
    name = "review",
    mixinStandardHelpOptions = true,
    description = {
      "Access reviews: start a campaign over the grants in force, read each grant's evidence and"
          + " recommendation, decide it, and print the report and the configuration file's patch,"
          + " through the gateway's admin API (the gateway needs store.postgres).",
      "The token comes from --token-file or $DRAWBRIDGE_ADMIN_TOKEN; the gateway from --admin or"
          + " $DRAWBRIDGE_ADMIN_URL.",
      "Exit status: 0 when done, 1 on an error, 4 when the token or role is refused, 5 when"
          + " there is no such campaign or item, 6 when it was decided already or the name is"
          + " taken."
    },
    subcommands = {
      ReviewCommand.Start.class,
      ReviewCommand.ListReviews.class,
      ReviewCommand.Show.class,
      ReviewCommand.Certify.class,
      ReviewCommand.Revoke.class,
      ReviewCommand.Narrow.class,
      ReviewCommand.Extend.class,
      ReviewCommand.Report.class,
      ReviewCommand.Patch.class
    })
final class ReviewCommand implements Runnable {

  static final String PATH = "/api/v1/reviews";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code review start --name Q4 [--connection C]... [--agent A]... [--window 90d]}. */
  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Open a campaign with one item per grant in scope (role: reviewer).")
  static final class Start implements Callable<Integer> {
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
      return admin.call(spec, "POST", PATH, body, (answer, out) -> print(answer, out, json));
    }
  }

  /** {@code review list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the campaigns (roles: reviewer, auditor).")
  static final class ListReviews implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin AdminClient admin;

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;

    @Override
    public Integer call() {
      return admin.call(
          spec,
          "GET",
          PATH,
          null,
          (answer, out) -> {
            if (json) {
              out.println(AdminClient.pretty(answer));
              return ExitCodes.OK;
            }
            AuditTable table = new AuditTable("NAME", "WINDOW", "STARTED BY", "STARTED");
            for (JsonNode r : answer.path("reviews")) {
              table.row(
                  ApprovalsCommand.text(r, "name"),
                  ApprovalsCommand.time(r, "windowStart")
                      + " - "
                      + ApprovalsCommand.time(r, "windowEnd"),
                  ApprovalsCommand.text(r, "startedBy"),
                  ApprovalsCommand.time(r, "startedAt"));
            }
            table.print(out);
            return ExitCodes.OK;
          });
    }
  }

  /** {@code review show Q4 [GRANT]}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "A campaign's items, or one item whole (role: reviewer).")
  static final class Show implements Callable<Integer> {
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
          PATH
              + "/"
              + AdminClient.segment(name)
              + (grant == null ? "" : "/items/" + AdminClient.segment(grant));
      return admin.call(
          spec,
          "GET",
          path,
          null,
          (answer, out) -> grant != null || json ? pretty(answer, out) : print(answer, out, false));
    }
  }

  /** What the four decisions share. */
  abstract static class Decide implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin AdminClient admin;

    @Parameters(index = "0", paramLabel = "NAME", description = "The campaign.")
    String name;

    @Parameters(index = "1", paramLabel = "GRANT", description = "The item's grant id.")
    String grant;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded).")
    String reason;

    abstract String decision();

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
          PATH
              + "/"
              + AdminClient.segment(name)
              + "/items/"
              + AdminClient.segment(grant)
              + "/decision",
          body,
          (answer, out) -> {
            JsonNode d = answer.path("decision");
            out.println(
                d.path("decision").asText()
                    + " "
                    + grant
                    + " in "
                    + name
                    + ": "
                    + switch (d.path("applied").asText()) {
                      case "in-force" -> "the run-time grant changed at once";
                      case "patch" ->
                          "the file's grant changes with the patch (drawbridge review patch "
                              + name
                              + ")";
                      default -> "recorded";
                    }
                    + " (audit event "
                    + d.path("event").asText()
                    + ")");
            return ExitCodes.OK;
          });
    }
  }

  @Command(
      name = "certify",
      mixinStandardHelpOptions = true,
      description = "Keep the grant as it is (role: reviewer).")
  static final class Certify extends Decide {
    @Override
    String decision() {
      return "certify";
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description =
          "Revoke the grant: a run-time grant at once, a file grant through the patch (role:"
              + " reviewer).")
  static final class Revoke extends Decide {
    @Override
    String decision() {
      return "revoke";
    }
  }

  @Command(
      name = "narrow",
      mixinStandardHelpOptions = true,
      description = "Apply the recommendation: keep only what was used (role: reviewer).")
  static final class Narrow extends Decide {
    @Override
    String decision() {
      return "narrow";
    }
  }

  @Command(
      name = "extend",
      mixinStandardHelpOptions = true,
      description = "Keep the grant until a later end (role: reviewer).")
  static final class Extend extends Decide {
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

  /** {@code review report Q4 --format md|json|csv}. */
  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = "The campaign's report (roles: reviewer, auditor).")
  static final class Report implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin AdminClient admin;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = "--format",
        defaultValue = "md",
        paramLabel = "FORMAT",
        description = "md (default), json or csv.")
    String format;

    @Override
    public Integer call() {
      String f;
      try {
        f = ReviewReport.format(format);
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("drawbridge: --format " + e.getMessage());
        spec.commandLine().getErr().flush();
        return ExitCodes.ERROR;
      }
      return admin.call(
          spec,
          "GET",
          PATH + "/" + AdminClient.segment(name) + "/report",
          null,
          (answer, out) -> {
            switch (f) {
              case "md" -> out.print(ReviewReport.markdown(answer));
              case "csv" -> out.print(ReviewReport.csv(answer));
              default -> out.println(AdminClient.pretty(answer));
            }
            return ExitCodes.OK;
          });
    }
  }

  /** {@code review patch Q4}. */
  @Command(
      name = "patch",
      mixinStandardHelpOptions = true,
      description =
          "The changes the campaign's decisions make to the configuration file's grants, as YAML"
              + " (role: reviewer).")
  static final class Patch implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin AdminClient admin;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return admin.call(
          spec,
          "GET",
          PATH + "/" + AdminClient.segment(name) + "/patch",
          null,
          (answer, out) -> {
            out.print(answer.path("yaml").asText());
            return ExitCodes.OK;
          });
    }
  }

  private static int pretty(JsonNode answer, java.io.PrintWriter out) {
    out.println(AdminClient.pretty(answer));
    return ExitCodes.OK;
  }

  private static int print(JsonNode answer, java.io.PrintWriter out, boolean json) {
    if (json) {
      return pretty(answer, out);
    }
    out.println(
        "campaign "
            + answer.path("name").asText()
            + ": "
            + answer.path("items").size()
            + " item(s), "
            + answer.path("undecided").asLong()
            + " undecided");
    AuditTable table =
        new AuditTable(
            "GRANT",
            "KIND",
            "CONNECTION",
            "OPERATIONS",
            "LAST USE",
            "UNUSED",
            "RECOMMENDS",
            "DECISION");
    for (JsonNode item : answer.path("items")) {
      JsonNode evidence = item.path("evidence");
      table.row(
          item.path("grant").asText(),
          item.path("kind").asText(),
          item.path("definition").path("connection").asText(),
          Long.toString(evidence.path("operationCount").asLong()),
          evidence.path("lastUse").isNull() ? "never" : ApprovalsCommand.time(evidence, "lastUse"),
          ReviewReport.unused(item.path("unused")),
          item.path("recommendation").path("kind").asText(),
          item.path("decision").isNull() ? "-" : item.path("decision").path("decision").asText());
    }
    table.print(out);
    return ExitCodes.OK;
  }
}
