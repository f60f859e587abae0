package dev.drawbridge.server.cli;

import dev.drawbridge.audit.query.ChainProblem;
import dev.drawbridge.audit.query.DatabaseRecordSource;
import dev.drawbridge.audit.query.JournalRecordSource;
import dev.drawbridge.audit.query.TimeWindow;
import dev.drawbridge.audit.query.Verification;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drawbridge audit verify --config FILE [--since 7d]}. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify the trail's hash chains; compare the journal with the database.",
      "Checks every chain of the trail (or of the events since --since): each record hashes to"
          + " its stored hash and matches its columns, positions run on without gaps, each record"
          + " names the hash of the one before, and each chain ends where its head says. With the"
          + " store database, the journal directory, when it is here, is compared with it: records"
          + " shipped but missing from the database are problems, records not shipped yet are"
          + " pending.",
      "Exit status: 0 when clean, 3 when problems were found (each is printed), 1 when the"
          + " trail cannot be read, 2 when the configuration is invalid."
    })
final class AuditVerifyCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ConfigFile file;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      converter = AuditSinceConverter.class,
      description = "Only events since: 24h, 7d, or an ISO instant or date (default: all).")
  Instant since;

  @Override
  public Integer call() {
    return AuditSource.run(
        spec,
        file,
        (source, config, out, err) -> {
          TimeWindow window = since == null ? TimeWindow.ALL : TimeWindow.since(since);
          Optional<JournalRecordSource> journal =
              source instanceof DatabaseRecordSource
                  ? AuditSource.localJournal(config, err)
                  : Optional.empty();
          Verification verification =
              source instanceof DatabaseRecordSource database && journal.isPresent()
                  ? Verification.of(database, window, journal.get())
                  : Verification.of(source, window);
          print(verification, out);
          return verification.clean() ? ExitCodes.OK : ExitCodes.AUDIT_PROBLEMS;
        });
  }

  static void print(Verification verification, PrintWriter out) {
    out.println(
        "verified "
            + verification.events()
            + " event(s) in "
            + verification.chains()
            + " chain(s) from the "
            + verification.source()
            + ", "
            + verification.window());
    verification
        .journal()
        .ifPresent(
            check ->
                out.println(
                    "journal "
                        + check.journal()
                        + ": "
                        + check.journalRecords()
                        + " record(s) in the window, "
                        + check.databaseRows()
                        + " row(s) in the database, "
                        + check.pending()
                        + " pending shipment"));
    List<ChainProblem> problems = verification.allProblems();
    for (ChainProblem problem : problems) {
      out.println("  " + problem.describe());
    }
    out.println(verification.clean() ? "clean" : problems.size() + " problem(s)");
  }
}
