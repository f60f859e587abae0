package dev.drawbridge.audit.query;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How far each segment of a journal has been shipped: its {@code checkpoint} file, lines of {@code
 * segmentNumber offset}. A segment it does not name has shipped nothing.
 */
final class JournalCheckpoint {

  static final String FILE = "checkpoint";

  private final Map<Long, Long> shipped;

  private JournalCheckpoint(Map<Long, Long> shipped) {
    this.shipped = shipped;
  }

  static JournalCheckpoint read(Path dir) throws AuditQueryException {
    Map<Long, Long> shipped = new HashMap<>();
    try {
      for (String line : Files.readAllLines(dir.resolve(FILE), StandardCharsets.US_ASCII)) {
        String[] parts = line.trim().split(" ");
        if (parts.length == 2) {
          try {
            shipped.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
          } catch (NumberFormatException e) {
            // the journal itself ignores such a line
          }
        }
      }
    } catch (NoSuchFileException e) {
      return new JournalCheckpoint(shipped);
    } catch (IOException e) {
      throw new AuditQueryException(
          "cannot read the journal checkpoint in " + dir + ": " + e.getMessage(), e);
    }
    return new JournalCheckpoint(shipped);
  }

  /** Whether the record that ends at {@code end} in {@code segment} has been shipped. */
  boolean shipped(long segment, long end) {
    return end <= shipped.getOrDefault(segment, 0L);
  }
}
