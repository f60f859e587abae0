package dev.drawbridge.audit.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How segments are named and begin. A segment is {@code segment-NNNNNNNNNNNNNNNN.journal} (numbered
 * in the order they were started, across all lanes), starting with an 8-byte header and followed by
 * frames (see {@link Frames}).
 */
public final class SegmentFiles {

  /** Every segment starts with these bytes. */
  static final byte[] HEADER = "DBJRNL1\n".getBytes(StandardCharsets.US_ASCII);

  private static final Pattern NAME = Pattern.compile("segment-(\\d{16})\\.journal");

  private SegmentFiles() {}

  static Path path(Path dir, long number) {
    return dir.resolve(String.format("segment-%016d.journal", number));
  }

  /** The number in a segment's file name, if it is one. */
  public static OptionalLong number(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }

  private static final Pattern ANY_NUMBERED = Pattern.compile("segment-(\\d{16})\\..*");

  /**
   * The highest segment number any file in {@code dir} carries, segments set aside included: new
   * segments are numbered above it, so no number is ever used twice.
   */
  static long highestNumber(Path dir) throws IOException {
    long highest = 0;
    if (!Files.isDirectory(dir)) {
      return highest;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "segment-*")) {
      for (Path file : files) {
        Matcher m = ANY_NUMBERED.matcher(file.getFileName().toString());
        if (m.matches()) {
          highest = Math.max(highest, Long.parseLong(m.group(1)));
        }
      }
    }
    return highest;
  }

  /** A journal directory's segments, in the order they were started. */
  public static List<Path> list(Path dir) throws IOException {
    List<Path> segments = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return segments;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "segment-*.journal")) {
      for (Path file : files) {
        if (number(file).isPresent()) {
          segments.add(file);
        }
      }
    }
    segments.sort((a, b) -> Long.compare(number(a).getAsLong(), number(b).getAsLong()));
    return segments;
  }
}
