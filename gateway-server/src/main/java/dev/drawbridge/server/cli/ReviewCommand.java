package dev.drawbridge.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

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
      ReviewStartCommand.class,
      ReviewListCommand.class,
      ReviewShowCommand.class,
      ReviewCertifyCommand.class,
      ReviewRevokeCommand.class,
      ReviewNarrowCommand.class,
      ReviewExtendCommand.class,
      ReviewReportCommand.class,
      ReviewPatchCommand.class
    })
final class ReviewCommand implements Runnable {

  /** The admin API's campaigns. */
  static final String PATH = "/api/v1/reviews";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
