package dev.drawbridge.server.cli;

import dev.drawbridge.audit.query.AuditQueryException;
import dev.drawbridge.audit.query.EventFeed;
import dev.drawbridge.audit.query.StoredEvent;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drawbridge audit tail --config FILE [--since 10m]}. */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
      "Follow operations as they are recorded.",
      "One line each (time, session, agent@connection,"
          + " what was decided, the statement), until interrupted.",
      "Exit status: 0 when stopped, 1 when the trail cannot be read at first, 2 when the"
          + " configuration is invalid."
    })
final class AuditTailCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ConfigFile file;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      defaultValue = "10m",
      converter = AuditSinceConverter.class,
      description = "Start with the operations since: 10m, 1h, or an ISO instant (default: 10m).")
  Instant since;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "How often to look for new operations (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--max", hidden = true, description = "Stop after this many operations.")
  long max = Long.MAX_VALUE;

  @Option(
      names = "--timeout",
      hidden = true,
      converter = DurationConverter.class,
      description = "Stop after this long.")
  Duration timeout;

  @Override
  public Integer call() {
    return AuditSource.run(
        spec,
        file,
        (source, config, out, err) -> {
          EventFeed feed = source.follow(since, Set.of("operation"));
          Instant deadline = timeout == null ? Instant.MAX : Instant.now().plus(timeout);
          long printed = 0;
          boolean failing = false;
          List<StoredEvent> batch = feed.poll();
          while (true) {
            for (StoredEvent event : batch) {
              out.println(line(event));
              if (++printed >= max) {
                out.flush();
                return ExitCodes.OK;
              }
            }
            out.flush();
            if (!Instant.now().isBefore(deadline) || !pause(deadline)) {
              return ExitCodes.OK;
            }
            try {
              batch = feed.poll();
              failing = false;
            } catch (AuditQueryException e) {
              batch = List.of();
              if (!failing) {
                warn(err, e);
              }
              failing = true;
            }
          }
        });
  }

  /** Sleeps one interval (less when the deadline is nearer); false when interrupted. */
  private boolean pause(Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    try {
      Thread.sleep(left.compareTo(interval) < 0 ? left : interval);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void warn(PrintWriter err, AuditQueryException e) {
    err.println("drawbridge: " + e.getMessage() + "; still trying");
    err.flush();
  }

  static String line(StoredEvent event) {
    return event
        .body()
        .map(
            body ->
                AuditEventText.time(event.time())
                    + "  "
                    + AuditEventText.text(body, "session")
                    + "  "
                    + AuditEventText.text(body, "agent")
                    + "@"
                    + AuditEventText.text(body, "connection")
                    + "  "
                    + AuditEventText.operation(body)
                    + "  "
                    + AuditEventText.oneLine(AuditEventText.text(body, "text")))
        .orElse(AuditEventText.time(event.time()) + "  (not a readable record) " + event.record());
  }
}
