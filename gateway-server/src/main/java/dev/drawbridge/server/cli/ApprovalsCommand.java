package dev.drawbridge.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drawbridge approvals …}: decide held statements through the admin API. */
@Command(
    name = "approvals",
    mixinStandardHelpOptions = true,
    description = {
      "List, show, approve and deny statements a review rule holds, through the gateway's admin"
          + " API.",
      "The token (a JWT with the approver or auditor role) comes from --token-file or"
          + " $DRAWBRIDGE_ADMIN_TOKEN; the gateway from --admin or $DRAWBRIDGE_ADMIN_URL.",
      "Exit status: 0 when done, 1 on an error, 4 when the token or role is refused, 5 when"
          + " there is no such request, 6 when it was decided already or has lapsed."
    },
    subcommands = {
      ApprovalsCommand.ListRequests.class,
      ApprovalsCommand.Show.class,
      ApprovalsCommand.Approve.class,
      ApprovalsCommand.Deny.class
    })
final class ApprovalsCommand implements Runnable {

  static final String PATH = "/api/v1/approvals";
  private static final int STATEMENT_WIDTH = 60;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code drawbridge approvals list [--all] [--json]}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List approval requests, newest first: those still pending, or with --all recently"
            + " decided ones too.",
        "Columns: id, status, agent, connection, action, resources, requested, deadline and the"
            + " statement (shortened; 'approvals show ID' prints it whole)."
      })
  static final class ListRequests implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin AdminClient admin;

    @Option(names = "--all", description = "Recently decided requests too.")
    boolean all;

    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
      return admin.call(
          spec,
          "GET",
          PATH + (all ? "?status=all" : ""),
          null,
          (body, out) -> {
            if (json) {
              out.println(AdminClient.pretty(body));
              return ExitCodes.OK;
            }
            JsonNode approvals = body.path("approvals");
            if (approvals.isEmpty()) {
              out.println(all ? "no approval requests" : "no pending approval requests");
              return ExitCodes.OK;
            }
            AuditTable table =
                new AuditTable(
                    "ID",
                    "STATUS",
                    "AGENT",
                    "CONNECTION",
                    "ACTION",
                    "RESOURCES",
                    "REQUESTED",
                    "DEADLINE",
                    "STATEMENT");
            for (JsonNode a : approvals) {
              table.row(
                  AnswerFields.text(a, "id"),
                  AnswerFields.text(a, "status"),
                  AnswerFields.text(a, "agent"),
                  AnswerFields.text(a, "connection"),
                  AnswerFields.text(a, "action"),
                  AnswerFields.strings(a.path("resources")),
                  AnswerFields.time(a, "requestedAt"),
                  AnswerFields.time(a, "deadline"),
                  shorten(AuditEventText.oneLine(AnswerFields.text(a, "statement"))));
            }
            table.print(out);
            return ExitCodes.OK;
          });
    }
  }

  /** {@code drawbridge approvals show ID [--json]}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print one approval request whole, with its statement and any decision.")
  static final class Show implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin AdminClient admin;

    @Parameters(paramLabel = "ID", description = "The approval request's id.")
    String id;

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;

    @Override
    public Integer call() {
      return admin.call(
          spec,
          "GET",
          PATH + "/" + AdminClient.segment(id),
          null,
          (body, out) -> {
            if (json) {
              out.println(AdminClient.pretty(body));
            } else {
              describe(body, out);
            }
            return ExitCodes.OK;
          });
    }
  }

  /** {@code drawbridge approvals approve ID [--for 1h] [--reason TEXT]}. */
  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = {
        "Let a held statement run. With --for, also grant the same action on the same resources"
            + " to the agent for that long (a temporary grant; a reason is then required).",
        "Nobody approves a request of their own."
      })
  static final class Approve implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin AdminClient admin;

    @Parameters(paramLabel = "ID", description = "The approval request's id.")
    String id;

    @Option(
        names = "--for",
        paramLabel = "DURATION",
        description = "Approve for a while: 30m, 1h, 2d (at most approvals.maxGrant).")
    String forDuration;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded).")
    String reason;

    @Override
    public Integer call() {
      ObjectNode body = AdminClient.object();
      if (forDuration != null) {
        body.put("for", forDuration);
      }
      if (reason != null) {
        body.put("reason", reason);
      }
      return admin.call(
          spec,
          "POST",
          PATH + "/" + AdminClient.segment(id) + "/approve",
          body,
          (answer, out) -> {
            String grant = AnswerFields.text(answer, "temporaryGrant");
            if (grant.isEmpty()) {
              out.println("approved " + AnswerFields.text(answer, "id") + " (this statement only)");
            } else {
              out.println(
                  "approved "
                      + AnswerFields.text(answer, "id")
                      + "; temporary grant "
                      + grant
                      + " until "
                      + AnswerFields.time(answer, "until"));
            }
            return ExitCodes.OK;
          });
    }
  }

  /** {@code drawbridge approvals deny ID --reason TEXT}. */
  @Command(
      name = "deny",
      mixinStandardHelpOptions = true,
      description = "Refuse a held statement; the agent is told the reason.")
  static final class Deny implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin AdminClient admin;

    @Parameters(paramLabel = "ID", description = "The approval request's id.")
    String id;

    @Option(
        names = "--reason",
        required = true,
        paramLabel = "TEXT",
        description = "Why (the agent is told it).")
    String reason;

    @Override
    public Integer call() {
      ObjectNode body = AdminClient.object().put("reason", reason);
      return admin.call(
          spec,
          "POST",
          PATH + "/" + AdminClient.segment(id) + "/deny",
          body,
          (answer, out) -> {
            out.println(
                "denied "
                    + AnswerFields.text(answer, "id")
                    + ": "
                    + AnswerFields.text(answer, "decisionReason"));
            return ExitCodes.OK;
          });
    }
  }

  static void describe(JsonNode a, PrintWriter out) {
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"id", AnswerFields.text(a, "id")});
    lines.add(new String[] {"status", AnswerFields.text(a, "status")});
    lines.add(
        new String[] {
          "agent",
          AnswerFields.text(a, "agent") + " (subject " + AnswerFields.text(a, "subject") + ")"
        });
    lines.add(
        new String[] {
          "session", AnswerFields.text(a, "session") + " #" + a.path("sequence").asLong()
        });
    lines.add(new String[] {"connection", AnswerFields.text(a, "connection")});
    lines.add(
        new String[] {
          "action",
          AnswerFields.text(a, "action")
              + " "
              + AnswerFields.text(a, "verb")
              + " "
              + AnswerFields.strings(a.path("resources"))
        });
    lines.add(new String[] {"grant", AnswerFields.text(a, "grant")});
    lines.add(new String[] {"reason", AnswerFields.text(a, "reason")});
    lines.add(new String[] {"requested", AnswerFields.time(a, "requestedAt")});
    lines.add(new String[] {"deadline", AnswerFields.time(a, "deadline")});
    for (String field : List.of("approver", "decisionReason", "temporaryGrant")) {
      if (a.hasNonNull(field)) {
        lines.add(new String[] {field, AnswerFields.text(a, field)});
      }
    }
    if (a.hasNonNull("until")) {
      lines.add(new String[] {"until", AnswerFields.time(a, "until")});
    }
    lines.add(new String[] {"sha256", AnswerFields.text(a, "statementSha256")});
    AuditTable table = new AuditTable("FIELD", "VALUE");
    lines.forEach(table::row);
    table.print(out);
    out.println();
    // the statement whole, its lines kept, but nothing in it that could rewrite what is printed
    out.println(AuditEventText.printable(AuditEventText.raw(a, "statement"), true));
  }

  private static String shorten(String text) {
    return text.length() <= STATEMENT_WIDTH ? text : text.substring(0, STATEMENT_WIDTH - 1) + "…";
  }
}
