package dev.drawbridge.server.cli;

import dev.drawbridge.audit.query.ChainProblem;
import dev.drawbridge.audit.query.DatabaseRecordSource;
import dev.drawbridge.audit.query.EvidenceExport;
import dev.drawbridge.audit.query.JournalRecordSource;
import dev.drawbridge.audit.query.TimeWindow;
import dev.drawbridge.server.BuildVersion;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drawbridge audit export --config FILE --since 30d --out DIR}. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write an evidence bundle of a window of the trail.",
      "Writes the events since --since into an empty directory:"
          + " events.jsonl (the canonical records, chain by chain in order), events.csv,"
          + " verification.json, and manifest.json (window, counts, SHA-256 and size of each file).",
      "Exit status: 0 when written and verified clean, 3 when written but verification found"
          + " problems (in verification.json), 1 when it cannot be written, 2 when the"
          + " configuration is invalid."
    })
final class AuditExportCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ConfigFile file;

  @Option(
      names = "--since",
      required = true,
      paramLabel = "WHEN",
      converter = AuditSinceConverter.class,
      description = "Events since: 24h, 30d, or an ISO instant or date.")
  Instant since;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "An empty or new directory for the bundle.")
  Path dir;

  @Override
  public Integer call() {
    return AuditSource.run(
        spec,
        file,
        (source, config, out, err) -> {
          EvidenceExport export =
              new EvidenceExport(source, Clock.systemUTC(), BuildVersion.version());
          if (source instanceof DatabaseRecordSource) {
            Optional<JournalRecordSource> journal = AuditSource.localJournal(config, err);
            if (journal.isPresent()) {
              export = export.comparingJournal(journal.get());
            }
          }
          EvidenceExport.Result result;
          try {
            result = export.write(TimeWindow.since(since), dir);
          } catch (DirectoryNotEmptyException | NotDirectoryException e) {
            err.println(
                "drawbridge: refusing to write into " + dir + ": it is not an empty directory");
            return ExitCodes.ERROR;
          }
          out.println(
              "wrote "
                  + result.manifest().events()
                  + " event(s) of "
                  + result.manifest().chains()
                  + " chain(s), "
                  + result.manifest().window()
                  + ", to "
                  + dir);
          if (result.verification().clean()) {
            out.println("verification: clean");
            return ExitCodes.OK;
          }
          List<ChainProblem> problems = result.verification().allProblems();
          out.println("verification: " + problems.size() + " problem(s)");
          problems.forEach(p -> out.println("  " + p.describe()));
          return ExitCodes.AUDIT_PROBLEMS;
        });
  }
}
