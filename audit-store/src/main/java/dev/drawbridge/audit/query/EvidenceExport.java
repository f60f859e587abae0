package dev.drawbridge.audit.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.audit.record.Hashes;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes an evidence bundle for a window into an empty directory: {@code events.jsonl} (the
 * canonical records, one a line, chain by chain in seq order), {@code events.csv}, {@code
 * verification.json} (the chains verified while they were read) and, last, {@code manifest.json}
 * with the SHA-256 and size of the others. A window with no end is closed at the time of export.
 */
public final class EvidenceExport {

  public static final String EVENTS = "events.jsonl";
  public static final String CSV = "events.csv";
  public static final String VERIFICATION = "verification.json";
  public static final String MANIFEST = "manifest.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RecordSource source;
  private final Clock clock;
  private final String tool;
  private final Optional<JournalRecordSource> journal;

  /**
   * @param tool the version written in the manifest, or {@code null} when unknown
   */
  public EvidenceExport(RecordSource source, Clock clock, String tool) {
    this(source, clock, tool, Optional.empty());
  }

  private EvidenceExport(
      RecordSource source, Clock clock, String tool, Optional<JournalRecordSource> journal) {
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tool = tool;
    this.journal = journal;
  }

  /**
   * An export that also compares {@code journal} with the database, as {@code verify} does, when
   * its source is the database.
   */
  public EvidenceExport comparingJournal(JournalRecordSource journal) {
    return new EvidenceExport(source, clock, tool, Optional.of(journal));
  }

  /**
   * What was written.
   *
   * @param manifest the manifest, as written
   * @param verification the verification, as written
   */
  public record Result(ExportManifest manifest, Verification verification) {}

  /**
   * Writes the bundle for {@code window} into {@code dir}, created when missing.
   *
   * @throws DirectoryNotEmptyException when {@code dir} holds anything: a bundle is never mixed
   *     with other files
   */
  public Result write(TimeWindow window, Path dir) throws AuditQueryException, IOException {
    prepare(dir);
    Instant generated = clock.instant();
    TimeWindow closed = window.to() == null ? new TimeWindow(window.from(), generated) : window;
    Optional<JournalComparison> comparison =
        source instanceof DatabaseRecordSource && journal.isPresent()
            ? Optional.of(JournalComparison.read(journal.get(), closed))
            : Optional.empty();
    Verification.Tally tally =
        new Verification.Tally(
            source.describe(),
            closed,
            comparison.map(JournalComparison::unshipped).orElse(Unshipped.NONE));
    TreeMap<String, Long> types = new TreeMap<>();
    try (OutputStream events =
            new BufferedOutputStream(
                Files.newOutputStream(dir.resolve(EVENTS), StandardOpenOption.CREATE_NEW));
        Writer csvOut =
            Files.newBufferedWriter(
                dir.resolve(CSV), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
      EventCsv csv = new EventCsv(csvOut);
      source.chains(
          closed,
          slice -> {
            tally.add(slice);
            for (StoredEvent event : slice.events()) {
              events.write(event.bytes());
              events.write('\n');
              csv.row(event);
              types.merge(event.type(), 1L, Long::sum);
            }
          });
    }
    Verification verification = tally.result(source);
    if (comparison.isPresent() && source instanceof DatabaseRecordSource database) {
      verification = verification.withJournal(comparison.get().compare(database));
    }
    writeJson(dir.resolve(VERIFICATION), VerificationReport.json(verification));
    List<ExportManifest.FileDigest> files = new ArrayList<>();
    for (String name : List.of(EVENTS, CSV, VERIFICATION)) {
      files.add(digest(dir.resolve(name)));
    }
    ExportManifest manifest =
        new ExportManifest(
            generated,
            tool,
            source.describe(),
            closed,
            verification.events(),
            verification.chains(),
            types,
            verification.clean(),
            verification.allProblems().size(),
            files);
    writeJson(dir.resolve(MANIFEST), manifest.json());
    return new Result(manifest, verification);
  }

  private static void prepare(Path dir) throws IOException {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new NotDirectoryException(dir.toString());
      }
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new DirectoryNotEmptyException(dir.toString());
        }
      }
    }
    Files.createDirectories(dir);
  }

  private static void writeJson(Path file, ObjectNode json) throws IOException {
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
      out.write(bytes);
      out.write('\n');
    }
  }

  /** The size and SHA-256 of a file as it is on disk. */
  static ExportManifest.FileDigest digest(Path file) throws IOException {
    MessageDigest digest = Hashes.newDigest();
    long size = 0;
    byte[] buffer = new byte[64 << 10];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
        size += n;
      }
    }
    return new ExportManifest.FileDigest(
        file.getFileName().toString(), size, HexFormat.of().formatHex(digest.digest()));
  }
}
