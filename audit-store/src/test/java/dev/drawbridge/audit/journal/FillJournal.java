package dev.drawbridge.audit.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a process of its own by {@link JournalDiskFullTest} under a file size limit: appends
 * records to a journal in the given directory and prints how many were acknowledged, how many
 * refused, and the first refusal.
 */
public final class FillJournal {

  private FillJournal() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int records = Integer.parseInt(args[1]);
    int acknowledged = 0;
    int refused = 0;
    String first = "";
    try (Journal journal =
        Journal.open(new Journal.Options(dir, 64L << 20, 1L << 30, Duration.ofMillis(20), 1))) {
      for (int i = 0; i < records; i++) {
        byte[] record = ("record " + i + " " + "x".repeat(480)).getBytes(StandardCharsets.UTF_8);
        try {
          journal.append(record);
          acknowledged++;
        } catch (JournalUnavailableException e) {
          refused++;
          if (first.isEmpty()) {
            first = e.getMessage();
          }
        }
      }
    }
    System.out.println("acknowledged=" + acknowledged);
    System.out.println("refused=" + refused);
    System.out.println("first=" + first);
  }
}
