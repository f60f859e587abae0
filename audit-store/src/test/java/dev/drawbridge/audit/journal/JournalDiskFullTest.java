package dev.drawbridge.audit.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that refuses to take more (here a file size limit, {@code ulimit -f}, on a process of its
 * own: writes past it fail with "File too large" as on a full disk) is an append that fails with a
 * clear error, never a crash; the record cut short is cut off the file, and every record
 * acknowledged before and after is in the journal when it is opened again.
 */
class JournalDiskFullTest {

  @TempDir Path dir;

  @Test
  void writesTheDiskRefusesAreRefusedAndNothingAcknowledgedIsLost() throws Exception {
    // 2 MiB per file: a segment cannot grow past it, so a write fails midway
    Map<String, String> out = fill(dir, 2048, 6000);
    int acknowledged = Integer.parseInt(out.get("acknowledged"));
    assertThat(Integer.parseInt(out.get("refused"))).isPositive();
    assertThat(out.get("first")).contains("the journal could not write").contains("too large");
    assertThat(acknowledged).isPositive();
    List<String> read = new ArrayList<>();
    try (Journal journal =
        Journal.open(new Journal.Options(dir, 64L << 20, 1L << 30, Duration.ofMillis(20), 1))) {
      assertThat(journal.recovery().records()).isEqualTo(acknowledged);
      assertThat(journal.recovery().tornBytes()).isZero();
    }
    for (Path segment : SegmentFiles.list(dir)) {
      SegmentScanner.scan(
          segment,
          0,
          Long.MAX_VALUE,
          (bytes, next) -> read.add(new String(bytes, StandardCharsets.UTF_8).split(" ")[1]));
    }
    assertThat(read).hasSize(acknowledged).doesNotHaveDuplicates();
  }

  /** Runs {@link FillJournal} with at most {@code kib} KiB per file; answers what it printed. */
  private static Map<String, String> fill(Path dir, int kib, int records)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process process =
        new ProcessBuilder(
                "bash",
                "-c",
                "ulimit -f "
                    + kib
                    + " && exec \"$0\" -cp \"$1\" "
                    + FillJournal.class.getName()
                    + " \"$2\" "
                    + records,
                java,
                System.getProperty("java.class.path"),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(printed).isZero();
    return printed
        .lines()
        .filter(line -> line.contains("="))
        .collect(
            Collectors.toMap(
                l -> l.substring(0, l.indexOf('=')),
                l -> l.substring(l.indexOf('=') + 1),
                (a, b) -> a));
  }
}
