package dev.drawbridge.audit.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local audit journal: segment files of checksummed records in one directory, written by lanes
 * (one per writing thread, up to a bound) without waiting for the disk, and forced to disk by a
 * syncer thread every {@code fsyncInterval} (group commit). A record is acknowledged once {@link
 * #append} returned: it is in the operating system's hands, so killing the process loses nothing; a
 * machine crash can lose at most the last fsync window.
 *
 * <p>At open, every segment is scanned and cut back to its last whole record (what a crash left
 * half written); segments already shipped are removed. The shipper reads {@link #pending()} and
 * reports progress through {@link #shipped}, which persists a checkpoint and trims.
 */
public final class Journal implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Journal.class);
  private static final String CHECKPOINT = "checkpoint";

  /**
   * How the journal is laid out and paced.
   *
   * @param dir its directory, created when missing
   * @param segmentSize a segment is sealed past this many bytes
   * @param maxSize most bytes kept (not yet shipped, or with no shipper, ever) before it is full
   * @param fsyncInterval group commit cadence
   * @param lanes most writers that never share a segment
   */
  public record Options(
      Path dir, long segmentSize, long maxSize, Duration fsyncInterval, int lanes) {
    public Options {
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(fsyncInterval, "fsyncInterval");
      if (lanes < 1) {
        throw new IllegalArgumentException("a journal needs at least one lane");
      }
    }
  }

  /**
   * What opening found.
   *
   * @param segments segments kept
   * @param records whole records in them
   * @param tornBytes bytes cut off the ends of segments (writes a crash cut short)
   * @param removed segments removed as already shipped
   */
  public record Recovery(int segments, long records, long tornBytes, int removed) {
    public String describe() {
      return segments
          + " segment(s) with "
          + records
          + " record(s) kept, "
          + tornBytes
          + " torn byte(s) cut, "
          + removed
          + " shipped segment(s) removed";
    }
  }

  /**
   * Part of a segment not yet shipped.
   *
   * @param segment the segment's number
   * @param path its file
   * @param from the offset shipping resumes at
   * @param to the end of its whole records now
   * @param sealed whether it will grow no more
   */
  public record Pending(long segment, Path path, long from, long to, boolean sealed) {}

  private final Options options;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
  private final AtomicLong nextSegment;
  private final AtomicLong retained = new AtomicLong();
  private final Lane[] lanes;
  private final AtomicInteger lanesHanded = new AtomicInteger();
  private final ThreadLocal<Lane> laneOfThread;
  private final ConcurrentLinkedQueue<FileChannel> retired = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService syncer;
  private final Recovery recovery;
  private volatile IOException syncFailure;
  private volatile boolean closed;

  private Journal(Options options, FileChannel lockChannel, FileLock lock) throws IOException {
    this.options = options;
    this.lockChannel = lockChannel;
    this.lock = lock;
    Map<Long, Long> checkpoint = readCheckpoint();
    long highest = SegmentFiles.highestNumber(options.dir());
    for (long number : checkpoint.keySet()) {
      highest = Math.max(highest, number);
    }
    this.recovery = recover(checkpoint);
    // above every number ever seen: a checkpoint line or a file set aside never meets a new
    // segment of the same number
    this.nextSegment = new AtomicLong(highest + 1);
    writeCheckpoint();
    this.lanes = new Lane[options.lanes()];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = new Lane(this);
    }
    this.laneOfThread =
        ThreadLocal.withInitial(() -> lanes[lanesHanded.getAndIncrement() % lanes.length]);
    this.syncer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("drawbridge-journal-sync").daemon(true).factory());
    long every = Math.max(1, options.fsyncInterval().toMillis());
    syncer.scheduleWithFixedDelay(this::sync, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Opens (creating it when missing) and recovers the journal in {@code options.dir()}. Only one
   * process may hold a journal directory.
   */
  public static Journal open(Options options) throws IOException {
    Files.createDirectories(options.dir());
    FileChannel lockChannel =
        FileChannel.open(
            options.dir().resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (IOException e) {
      lockChannel.close();
      throw e;
    }
    if (lock == null) {
      lockChannel.close();
      throw new IOException(
          "the audit journal " + options.dir() + " is in use by another Drawbridge process");
    }
    try {
      return new Journal(options, lockChannel, lock);
    } catch (IOException | RuntimeException e) {
      lock.release();
      lockChannel.close();
      throw e;
    }
  }

  /** Writes one record, on the calling thread's lane; returns once the OS has it. */
  public void append(byte[] record) throws JournalUnavailableException {
    if (record.length > Frames.MAX_RECORD) {
      throw new JournalUnavailableException(
          "an audit record of " + record.length + " bytes is larger than the journal takes");
    }
    if (closed) {
      throw new JournalUnavailableException("the audit journal is closed");
    }
    try {
      laneOfThread.get().append(record);
    } catch (JournalUnavailableException e) {
      throw e;
    } catch (IOException e) {
      throw new JournalUnavailableException("the journal could not write: " + e.getMessage(), e);
    }
  }

  /** What opening the journal found. */
  public Recovery recovery() {
    return recovery;
  }

  /** The journal's directory. */
  public Path dir() {
    return options.dir();
  }

  /** Segments with records not yet shipped, oldest first. */
  public List<Pending> pending() {
    List<Pending> pending = new ArrayList<>();
    for (Segment segment : segments.values()) {
      long end = segment.end();
      if (segment.resumeAt() < end) {
        pending.add(
            new Pending(segment.number, segment.path, segment.resumeAt(), end, segment.sealed()));
      }
    }
    return pending;
  }

  /**
   * Records that {@code segment} is shipped up to {@code offset}: the checkpoint is persisted and
   * segments sealed and shipped to their end are removed.
   */
  public synchronized void shipped(long segment, long offset) throws IOException {
    Segment shippedSegment = segments.get(segment);
    if (shippedSegment == null) {
      return;
    }
    shippedSegment.shipped(offset);
    trim();
    writeCheckpoint();
  }

  /** Bytes of segment files kept (what counts against {@code maxSize}). */
  public long retainedBytes() {
    return retained.get();
  }

  /** Bytes of whole records not yet shipped. */
  public long pendingBytes() {
    long bytes = 0;
    for (Segment segment : segments.values()) {
      bytes += Math.max(0, segment.end() - segment.resumeAt());
    }
    return bytes;
  }

  /** The last fsync failure, if the disk refused one; cleared by the next that succeeds. */
  public IOException syncFailure() {
    return syncFailure;
  }

  long segmentSize() {
    return options.segmentSize();
  }

  void reserve(long bytes) throws JournalUnavailableException {
    long now = retained.addAndGet(bytes);
    if (now > options.maxSize()) {
      retained.addAndGet(-bytes);
      throw new JournalUnavailableException(
          "the audit journal is full ("
              + (now - bytes)
              + " of "
              + options.maxSize()
              + " bytes hold records not yet shipped)");
    }
  }

  void release(long bytes) {
    retained.addAndGet(-bytes);
  }

  Segment newSegment() {
    long number = nextSegment.getAndIncrement();
    Segment segment = new Segment(number, SegmentFiles.path(options.dir(), number), 0, false);
    segments.put(number, segment);
    return segment;
  }

  void forget(Segment segment) {
    segments.remove(segment.number);
  }

  /** A sealed segment's channel: the syncer forces and closes it. */
  void retire(FileChannel channel) {
    retired.add(channel);
  }

  private void sync() {
    try {
      FileChannel channel;
      while ((channel = retired.poll()) != null) {
        try (FileChannel closing = channel) {
          closing.force(false);
        }
      }
      for (Lane lane : lanes) {
        lane.force();
      }
      syncFailure = null;
    } catch (IOException e) {
      if (syncFailure == null) {
        log.error("audit journal: fsync failed: {}", e.toString());
      }
      syncFailure = e;
    }
  }

  private Recovery recover(Map<Long, Long> checkpoint) throws IOException {
    int kept = 0;
    int removed = 0;
    long records = 0;
    long torn = 0;
    for (Path file : SegmentFiles.list(options.dir())) {
      long number = SegmentFiles.number(file).getAsLong();
      SegmentScanner.Scan scan = SegmentScanner.scan(file, 0, Long.MAX_VALUE, (r, next) -> {});
      long size = Files.size(file);
      long end = Math.max(scan.end(), SegmentFiles.HEADER.length);
      if (scan.end() == 0) {
        Path aside = setAside(file, "unreadable");
        log.warn(
            "audit journal: {} has no valid header; it is set aside as {}",
            file.getFileName(),
            aside.getFileName());
        Files.move(file, aside);
        torn += size;
        continue;
      }
      if (size > end) {
        // a crash leaves a write cut short at the end; a corrupt record in the middle looks the
        // same to a scan, so what is cut off is kept aside, never destroyed
        Path aside = setAside(file, "torn");
        try (FileChannel from = FileChannel.open(file, StandardOpenOption.READ);
            FileChannel to =
                FileChannel.open(aside, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          from.transferTo(end, size - end, to);
          to.force(false);
        }
        log.warn(
            "audit journal: {} ends in {} byte(s) that are not a whole record (a write cut short,"
                + " or a corrupt record); cut back to its last whole record, the bytes kept in {}",
            file.getFileName(),
            size - end,
            aside.getFileName());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.truncate(end);
          channel.force(false);
        }
        torn += size - end;
      }
      Segment segment = new Segment(number, file, end, true);
      segment.shipped(checkpoint.getOrDefault(number, 0L));
      if (segment.done()) {
        Files.deleteIfExists(file);
        removed++;
        continue;
      }
      segments.put(number, segment);
      retained.addAndGet(end);
      records += scan.records();
      kept++;
    }
    return new Recovery(kept, records, torn, removed);
  }

  /** A name for a set-aside copy of {@code file} that no earlier one has. */
  private static Path setAside(Path file, String why) {
    Path aside;
    int n = 0;
    do {
      aside = file.resolveSibling(file.getFileName() + "." + why + (n == 0 ? "" : "-" + n));
      n++;
    } while (Files.exists(aside));
    return aside;
  }

  private void trim() throws IOException {
    for (Segment segment : segments.values()) {
      if (segment.done()) {
        Files.deleteIfExists(segment.path);
        segments.remove(segment.number);
        release(segment.end());
      }
    }
  }

  private Map<Long, Long> readCheckpoint() throws IOException {
    Map<Long, Long> shipped = new java.util.HashMap<>();
    Path file = options.dir().resolve(CHECKPOINT);
    if (!Files.exists(file)) {
      return shipped;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      String[] parts = line.trim().split(" ");
      if (parts.length == 2) {
        try {
          shipped.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
          log.warn("audit journal: checkpoint line '{}' ignored", line);
        }
      }
    }
    return shipped;
  }

  private void writeCheckpoint() throws IOException {
    StringBuilder out = new StringBuilder();
    for (Segment segment : segments.values()) {
      if (segment.shipped() > 0) {
        out.append(segment.number).append(' ').append(segment.shipped()).append('\n');
      }
    }
    Path temp = options.dir().resolve(CHECKPOINT + ".tmp");
    Files.writeString(temp, out, StandardCharsets.US_ASCII);
    Files.move(
        temp,
        options.dir().resolve(CHECKPOINT),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** Seals every lane, forcing what was written, and releases the directory. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    syncer.shutdown();
    try {
      syncer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sync();
    IOException failure = null;
    for (Lane lane : lanes) {
      try {
        lane.seal();
      } catch (IOException e) {
        failure = e;
      }
    }
    lock.release();
    lockChannel.close();
    if (failure != null) {
      throw failure;
    }
  }
}
