package dev.drawbridge.server.cli;

import dev.drawbridge.audit.query.StoredEvent;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code drawbridge audit show --config FILE SESSION_ID}. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Print every event of one session.",
      "In time order: its start, each operation with its"
          + " decision (grant, or reason) and statement text, each result, its end.",
      "Exit status: 0 when shown, 1 when the session has no events or the trail cannot be read,"
          + " 2 when the configuration is invalid."
    })
final class AuditShowCommand implements Callable<Integer> {

  private static final String CONTINUATION = " ".repeat(24 + 2 + 5 + 2 + 18 + 2 + 2);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ConfigFile file;

  @Parameters(index = "0", paramLabel = "SESSION_ID", description = "The session's id.")
  UUID session;

  @Override
  public Integer call() {
    return AuditSource.run(
        spec,
        file,
        (source, config, out, err) -> {
          List<StoredEvent> events = source.sessionEvents(session);
          if (events.isEmpty()) {
            err.println(
                "drawbridge: no events of session " + session + " in the " + source.describe());
            return ExitCodes.ERROR;
          }
          out.println("session " + session);
          out.println(String.format("%-24s  %5s  %-18s  %s", "TIME", "SEQ", "TYPE", "WHAT"));
          for (StoredEvent event : events) {
            List<String> lines = AuditEventText.describe(event);
            String what = lines.getFirst();
            if (!event.chain().equals(session)) {
              what += " [in gateway run chain " + event.chain() + "]";
            }
            out.println(
                String.format(
                    "%-24s  %5d  %-18s  %s",
                    AuditEventText.time(event.time()), event.seq(), event.type(), what));
            for (String more : lines.subList(1, lines.size())) {
              out.println((CONTINUATION + "  " + more).stripTrailing());
            }
          }
          return ExitCodes.OK;
        });
  }
}
