package dev.drawbridge.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drawbridge grants …}: the grants in force, through the admin API. */
@Command(
    name = "grants",
    mixinStandardHelpOptions = true,
    description = {
      "List the grants in force (the configuration file's and the temporary ones approvals"
          + " created), and revoke a temporary one, through the gateway's admin API.",
      "The token comes from --token-file or $DRAWBRIDGE_ADMIN_TOKEN; the gateway from --admin or"
          + " $DRAWBRIDGE_ADMIN_URL.",
      "Exit status: 0 when done, 1 on an error, 4 when the token or role is refused, 5 when"
          + " there is no such grant, 6 when it cannot be revoked."
    },
    subcommands = {
      GrantsCommand.ListGrants.class,
      GrantsCommand.Create.class,
      GrantsCommand.Revoke.class
    })
final class GrantsCommand implements Runnable {

  static final String PATH = "/api/v1/grants";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code drawbridge grants list [--json]}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List the grants in force (roles: auditor, reviewer or approver).",
        "Columns: id, kind (file or temporary), subject, connection, expiry, owner (a temporary"
            + " grant's creator) and the approval request that created it."
      })
  static final class ListGrants implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin AdminClient admin;

    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
      return admin.call(
          spec,
          "GET",
          PATH,
          null,
          (body, out) -> {
            if (json) {
              out.println(AdminClient.pretty(body));
              return ExitCodes.OK;
            }
            AuditTable table =
                new AuditTable(
                    "ID", "KIND", "SUBJECT", "CONNECTION", "EXPIRES", "OWNER", "APPROVAL");
            int rows = 0;
            for (JsonNode g : body.path("configured")) {
              table.row(
                  AnswerFields.text(g, "id"),
                  "file",
                  AnswerFields.subject(g.path("subject")),
                  AnswerFields.text(g, "connection"),
                  AnswerFields.orDash(g, "expires"),
                  AnswerFields.orDash(g, "owner"),
                  "-");
              rows++;
            }
            for (JsonNode g : body.path("temporary")) {
              table.row(
                  AnswerFields.text(g, "id"),
                  "temporary",
                  AnswerFields.subject(g.path("subject")),
                  AnswerFields.text(g, "connection"),
                  AnswerFields.time(g, "expiresAt"),
                  AnswerFields.orDash(g, "creator"),
                  AnswerFields.orDash(g, "approval"));
              rows++;
            }
            if (rows == 0) {
              out.println("no grants");
            } else {
              table.print(out);
            }
            return ExitCodes.OK;
          });
    }
  }

  /** {@code drawbridge grants create --file GRANT.yaml --for 8h}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create a run-time grant (role: admin), in force at once on every gateway sharing the"
            + " store, until it lapses or is revoked.",
        "The file holds one grant as the configuration file writes one (subject, connection,"
            + " allow/review/deny rules, limits, owner, reason; id optional), YAML or JSON;"
            + " --for says how long it lasts (at most approvals.maxGrant)."
      })
  static final class Create implements Callable<Integer> {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin AdminClient admin;

    @Option(
        names = "--file",
        required = true,
        paramLabel = "GRANT.yaml",
        description = "The grant, YAML or JSON.")
    Path file;

    @Option(
        names = "--for",
        required = true,
        paramLabel = "DURATION",
        description = "How long it lasts: 30m, 8h, 7d.")
    String lasting;

    @Override
    public Integer call() {
      ObjectNode body;
      try {
        JsonNode read = YAML.readTree(Files.readString(file));
        if (!(read instanceof ObjectNode object)) {
          spec.commandLine().getErr().println("drawbridge: " + file + " holds no grant (a map)");
          return ExitCodes.ERROR;
        }
        body = object;
      } catch (IOException e) {
        spec.commandLine()
            .getErr()
            .println("drawbridge: cannot read " + file + ": " + e.getMessage());
        return ExitCodes.ERROR;
      }
      body.put("for", lasting);
      return admin.call(
          spec,
          "POST",
          PATH,
          body,
          (answer, out) -> {
            out.println(
                "created "
                    + AnswerFields.text(answer, "id")
                    + " until "
                    + AnswerFields.time(answer, "expiresAt"));
            return ExitCodes.OK;
          });
    }
  }

  /** {@code drawbridge grants revoke ID --reason TEXT}. */
  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = {
        "Revoke a temporary grant at once (role: admin).",
        "The configuration file's grants are changed in the file."
      })
  static final class Revoke implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin AdminClient admin;

    @Parameters(paramLabel = "ID", description = "The temporary grant's id.")
    String id;

    @Option(
        names = "--reason",
        required = true,
        paramLabel = "TEXT",
        description = "Why (recorded).")
    String reason;

    @Override
    public Integer call() {
      ObjectNode body = AdminClient.object().put("reason", reason);
      return admin.call(
          spec,
          "DELETE",
          PATH + "/" + AdminClient.segment(id),
          body,
          (answer, out) -> {
            out.println("revoked " + AnswerFields.text(answer, "id"));
            return ExitCodes.OK;
          });
    }
  }
}
