package dev.drawbridge.server.cli;

import dev.drawbridge.server.review.ReportCsv;
import dev.drawbridge.server.review.ReportFormat;
import dev.drawbridge.server.review.ReportMarkdown;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code review report Q4 --format md|json|csv}: rendered here from the API's JSON. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "The campaign's report (roles: reviewer, auditor).")
final class ReviewReportCommand implements Callable<Integer> {
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
    ReportFormat f;
    try {
      f = ReportFormat.of(format);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("drawbridge: --format " + e.getMessage());
      spec.commandLine().getErr().flush();
      return ExitCodes.ERROR;
    }
    return admin.call(
        spec,
        "GET",
        ReviewCommand.PATH + "/" + AdminClient.segment(name) + "/report",
        null,
        (answer, out) -> {
          switch (f) {
            case MD -> out.print(ReportMarkdown.render(answer));
            case CSV -> out.print(ReportCsv.render(answer));
            case JSON -> out.println(AdminClient.pretty(answer));
          }
          return ExitCodes.OK;
        });
  }
}
