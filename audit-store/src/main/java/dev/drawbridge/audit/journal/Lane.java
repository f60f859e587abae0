package dev.drawbridge.audit.journal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer of the journal: the segment it appends to, with its own lock so that threads on
 * different lanes never wait for each other. Records are copied into a window of the segment file
 * mapped into memory (no system call per record): the file is first extended over the window with
 * zeros written for real, so that the disk's space is taken before a record needs it (a full disk
 * is a write that fails, not a fault in a mapped page). A record is in the page cache, the
 * operating system's, the moment it is copied: killing the process loses nothing. The syncer forces
 * the file to disk. A failed write is cut back off the file and the segment sealed, so that no
 * record is ever written after a torn one; a sealed segment is cut to its last record.
 */
final class Lane {

  /** How much of a segment file is mapped (and zeroed ahead of its records) at a time. */
  static final int WINDOW = 1 << 20;

  private static final int PAGE = 4096;
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(WINDOW).asReadOnlyBuffer();

  private final Journal journal;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile FileChannel channel;
  private Segment segment;
  private long position;
  private Arena arena;
  private MemorySegment window;
  private long windowStart;
  private long zeroedTo;
  private volatile boolean dirty;

  Lane(Journal journal) {
    this.journal = journal;
  }

  /** Writes one record to the file (not to the disk: see {@link #force()}). */
  void append(byte[] record) throws IOException {
    int size = Frames.size(record);
    lock.lock();
    try {
      if (segment == null || position + size > journal.segmentSize() && position > header()) {
        roll();
      }
      journal.reserve(size);
      try {
        Frames.put(mapped(size), position - windowStart, record);
      } catch (IOException | InternalError e) {
        // InternalError: the JVM's answer to a fault in a mapped page (the file shrank, or a
        // file system that takes space only when a page is written back ran out of it)
        journal.release(size);
        abandon();
        throw new JournalUnavailableException("the journal could not write: " + e.getMessage(), e);
      }
      position += size;
      segment.end(position);
      dirty = true;
    } finally {
      lock.unlock();
    }
  }

  /** Forces what was written to disk; called by the journal's syncer only. */
  void force() throws IOException {
    FileChannel current = channel;
    if (dirty && current != null) {
      dirty = false;
      current.force(false);
      if (channel != current) {
        // the lane moved to a new segment meanwhile: what it wrote there is forced next time
        dirty = true;
      }
    }
  }

  /** Seals the current segment (at close). */
  void seal() throws IOException {
    lock.lock();
    try {
      if (segment != null) {
        segment.seal();
        FileChannel old = channel;
        channel = null;
        segment = null;
        unmap();
        old.truncate(position);
        old.force(false);
        old.close();
      }
    } finally {
      lock.unlock();
    }
  }

  private long header() {
    return SegmentFiles.HEADER.length;
  }

  /** The mapped window, holding at least {@code size} bytes from {@link #position}. */
  private MemorySegment mapped(int size) throws IOException {
    if (window != null && position + size <= windowStart + window.byteSize()) {
      return window;
    }
    unmap();
    long start = position - position % PAGE;
    long end = roundUp(position + Math.max(size, Math.min(WINDOW, journal.segmentSize())));
    zeroTo(end);
    Arena next = Arena.ofShared();
    try {
      window = channel.map(FileChannel.MapMode.READ_WRITE, start, end - start, next);
    } catch (IOException | RuntimeException e) {
      next.close();
      throw e;
    }
    arena = next;
    windowStart = start;
    return window;
  }

  /** Extends the file to {@code end} with zeros written for real (the disk's space taken now). */
  private void zeroTo(long end) throws IOException {
    while (zeroedTo < end) {
      ByteBuffer zeros = ZEROS.duplicate().limit((int) Math.min(WINDOW, end - zeroedTo));
      zeroedTo += channel.write(zeros, zeroedTo);
    }
  }

  private static long roundUp(long offset) {
    return (offset + PAGE - 1) / PAGE * PAGE;
  }

  private void unmap() {
    if (arena != null) {
      Arena open = arena;
      arena = null;
      window = null;
      open.close();
    }
  }

  private void roll() throws IOException {
    FileChannel old = channel;
    Segment sealed = segment;
    channel = null;
    segment = null;
    if (sealed != null) {
      sealed.seal();
      unmap();
      cut(old, position);
      journal.retire(old);
    }
    journal.reserve(header());
    Segment next = journal.newSegment();
    FileChannel opened;
    try {
      opened =
          FileChannel.open(
              next.path,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      opened.write(ByteBuffer.wrap(SegmentFiles.HEADER), 0);
    } catch (IOException e) {
      journal.release(header());
      journal.forget(next);
      throw new JournalUnavailableException(
          "the journal could not start a segment: " + e.getMessage(), e);
    }
    next.end(header());
    channel = opened;
    segment = next;
    position = header();
    zeroedTo = header();
  }

  /** After a failed write: cut the file back to its last whole record and seal it. */
  private void abandon() {
    FileChannel old = channel;
    Segment current = segment;
    channel = null;
    segment = null;
    current.end(position);
    current.seal();
    unmap();
    cut(old, position);
    journal.retire(old);
  }

  /**
   * Cuts a sealed segment's file to its last whole record. Should it fail, the zeros left after it
   * are read as the end of its records.
   */
  private static void cut(FileChannel file, long end) {
    try {
      file.truncate(end);
    } catch (IOException e) {
      // its end is known and nothing more is written to it
    }
  }
}
